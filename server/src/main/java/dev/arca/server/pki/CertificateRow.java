package dev.arca.server.pki;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code pki_certificates}: a stored certificate, or the revocation entry of one that was not stored.
 *
 * @param serial lower-case colon hex
 * @param der the certificate; null for a revocation entry of a {@code no_store} certificate
 * @param revocationReason the RFC 5280 CRLReason code; null while not revoked
 */
public record CertificateRow(String issuerId, String serial, String vaultId, @Nullable String role,
        String commonName, Instant notBefore, Instant notAfter, boolean stored, byte @Nullable [] der,
        @Nullable Instant revokedAt, @Nullable Integer revocationReason, Instant createdAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
