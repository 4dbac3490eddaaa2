package dev.arca.server.pki;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code pki_csrs}: a CSR the vault holds and where it stands.
 *
 * @param origin {@link #GENERATED} (its key is in the key-material store as {@code csr/{id}}) or {@link #IMPORTED}
 * @param state {@link #PENDING}, {@link #APPROVED}, {@link #REJECTED} or {@link #SIGNED}
 * @param csr PEM
 * @param createdBy the {@link dev.arca.server.identity.Principal#subject()} that generated or imported it
 * @param issuerId the issuer it was signed by, once signed
 * @param serial lower-case colon hex of the certificate it was signed into, once signed
 */
record CsrRow(String id, String vaultId, String origin, String state, String commonName, List<String> dnsNames,
        List<String> ipAddresses, String keyType, int keyBits, boolean exportable, String csr,
        @Nullable String comment, String createdBy, Instant createdAt, @Nullable String decidedBy,
        @Nullable Instant decidedAt, @Nullable String reason, @Nullable String issuerId, @Nullable String serial) {

    static final String GENERATED = "generated";
    static final String IMPORTED = "imported";
    static final String PENDING = "pending";
    static final String APPROVED = "approved";
    static final String REJECTED = "rejected";
    static final String SIGNED = "signed";
    static final List<String> STATES = List.of(PENDING, APPROVED, REJECTED, SIGNED);

    CsrRow {
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }

    boolean generated() {
        return GENERATED.equals(origin);
    }
}
