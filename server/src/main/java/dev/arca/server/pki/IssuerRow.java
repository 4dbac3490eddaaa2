package dev.arca.server.pki;

import dev.arca.api.Pki;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code pki_issuers}: everything about a CA but its key.
 *
 * @param kind {@code root}, {@code intermediate} or {@code external}
 * @param state {@code active} or {@code pending}
 * @param certificate DER; null while pending
 * @param parents the PEM of the issuer's parents, nearest first (empty for a root)
 */
public record IssuerRow(String id, String vaultId, String name, String kind, String state, @Nullable String keyType,
        @Nullable Integer keyBits, boolean exportable, boolean hasKey, byte @Nullable [] certificate,
        String parents, Pki.Urls urls, String leafNotAfterBehavior, Instant createdAt, Instant updatedAt) {

    public static final String ROOT = "root";
    public static final String INTERMEDIATE = "intermediate";
    public static final String EXTERNAL = "external";
    public static final String ACTIVE = "active";
    public static final String PENDING = "pending";

    public boolean active() {
        return ACTIVE.equals(state);
    }

    /** The issuer's certificate; only for an active issuer. */
    public X509Certificate x509() {
        if (certificate == null) {
            throw new IllegalStateException("issuer " + id + " is pending: it has no certificate yet");
        }
        return Pem.certificate(certificate);
    }

    /** The issuer's certificate then its parents'; empty while pending. */
    public List<X509Certificate> chain() {
        if (certificate == null) {
            return List.of();
        }
        var chain = new java.util.ArrayList<X509Certificate>();
        chain.add(x509());
        if (!parents.isBlank()) {
            chain.addAll(Pem.certificates(parents, "chain"));
        }
        return chain;
    }
}
