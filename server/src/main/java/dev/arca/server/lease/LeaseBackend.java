package dev.arca.server.lease;

import java.time.Instant;

/**
 * What undoes and extends the dynamic credentials of one lease kind (the database engine's users). The lease row
 * keeps the {@code revocation} text the engine gave when it opened the lease ({@link DynamicLeases#open}) — what
 * it needs, and no secret — so a lease can be revoked after its role or settings changed.
 */
public interface LeaseBackend {
    /** The lease kind it serves, e.g. {@code database}. */
    String kind();

    /**
     * Undoes the credential. A credential that is already gone counts as undone. Throws when it could not be undone
     * now; the message is recorded on the lease ({@code last_error}), so it must hold no secret.
     */
    void revoke(String revocation);

    /** Moves the credential's own expiry where its system has one (PostgreSQL's {@code VALID UNTIL}). */
    void renew(String revocation, Instant expiresAt);
}
