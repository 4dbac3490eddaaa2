package dev.arca.server.identity;

import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code disabled_identities} table: users, clients and agents an administrator has switched off without
 * revoking or deleting them.
 *
 * <p>Guarantees: {@link Authentication} asks {@link #refuse} for every principal it accepts, so a disabled
 * identity's tokens (its logins, access tokens, agent sessions and the tokens they made), its per-request JWTs and
 * its long requests ({@code PrincipalLiveness}) stop working with the request after the one that disabled it, on
 * every node (the check reads the database, no cache). Nothing is revoked, so enabling brings back exactly what
 * the identity had, its unexpired tokens included.
 */
public final class DisabledIdentities {
    private static final Set<Principal.Kind> DISABLEABLE =
            EnumSet.of(Principal.Kind.USER, Principal.Kind.CLIENT, Principal.Kind.AGENT);

    private final Database db;
    private final Clock clock;

    public DisabledIdentities(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Disables the identity; disabling a disabled one keeps its first time. */
    public void disable(String vaultId, Principal.Kind kind, String id) {
        db.write(h -> h.createUpdate("INSERT INTO disabled_identities (vault_id, kind, identity_id, disabled_at) "
                + "VALUES (:v, :k, :id, :now) ON CONFLICT (vault_id, kind, identity_id) DO NOTHING")
                .bind("v", vaultId).bind("k", kind.name()).bind("id", id).bind("now", clock.millis()).execute());
    }

    /** Enables the identity again (also what deleting one does, so a name created again starts enabled). */
    public void enable(String vaultId, Principal.Kind kind, String id) {
        db.write(h -> h.createUpdate("DELETE FROM disabled_identities WHERE vault_id = :v AND kind = :k "
                + "AND identity_id = :id")
                .bind("v", vaultId).bind("k", kind.name()).bind("id", id).execute());
    }

    /** Since when the identity is disabled; empty while it is enabled. */
    public Optional<Instant> disabledAt(String vaultId, Principal.Kind kind, String id) {
        return db.read(h -> h.createQuery("SELECT disabled_at FROM disabled_identities WHERE vault_id = :v "
                + "AND kind = :k AND identity_id = :id")
                .bind("v", vaultId).bind("k", kind.name()).bind("id", id)
                .map((rs, ctx) -> Instant.ofEpochMilli(rs.getLong("disabled_at"))).findOne());
    }

    /**
     * Whether a principal's identity is disabled. Only users, clients and agents can be (machines have their own
     * lifecycle), so nothing is read for machines' signed requests nor for tokens that are no identity's.
     */
    public boolean isDisabled(Principal principal) {
        return DISABLEABLE.contains(principal.kind()) && principal.vaultId() != null && principal.id() != null
                && disabledAt(principal.vaultId(), principal.kind(), principal.id()).isPresent();
    }

    /** 403 when the principal's identity is disabled, naming it and the way back. */
    public void refuse(Principal principal) {
        if (isDisabled(principal)) {
            throw disabled(principal.kind(), String.valueOf(principal.id()));
        }
    }

    /** The refusal for a disabled identity: what it is and who can enable it. */
    public static ArcaException disabled(Principal.Kind kind, String id) {
        String noun = kind.name().toLowerCase(Locale.ROOT);
        return ArcaException.denied(noun + " '" + id + "' is disabled; an administrator can enable it again (arca "
                + noun + " enable " + id + ")");
    }
}
