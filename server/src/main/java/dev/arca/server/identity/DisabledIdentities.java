package dev.arca.server.identity;

import dev.arca.server.error.ArcaException;
import dev.arca.server.invalidation.InvalidatedCache;
import dev.arca.server.invalidation.Invalidation;
import dev.arca.server.invalidation.Invalidations;
import dev.arca.server.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code disabled_identities} table: users, clients and agents an administrator has switched off without
 * revoking or deleting them.
 *
 * <p>Guarantees: {@link Authentication} asks {@link #refuse} for every principal it accepts, so a disabled
 * identity's tokens (its logins, access tokens, agent sessions and the tokens they made), its per-request JWTs and
 * its long requests ({@code PrincipalLiveness}) stop working with the request after the one that disabled it.
 * Nothing is revoked, so enabling brings back exactly what the identity had, its unexpired tokens included.
 *
 * <p>Made with a change feed ({@link Invalidations}), the answer is cached per identity (enabled ones too, the
 * common case) and the feed carries every disable and enable, so on this node the next request after either
 * sees it; another node sees it within {@link Invalidations#UNHEARD_CHANGE_BOUND} until a shared change feed
 * connects them. Made without one, every check reads the database.
 */
public final class DisabledIdentities {
    private static final Set<Principal.Kind> DISABLEABLE =
            EnumSet.of(Principal.Kind.USER, Principal.Kind.CLIENT, Principal.Kind.AGENT);

    /** Identities whose answer is held at most; the rest are read again. */
    static final int CACHED_IDENTITIES = 50_000;

    private record Identity(String vaultId, String kind, String id) {}

    private final Database db;
    private final Clock clock;
    private final @Nullable Invalidations invalidations;
    private final @Nullable InvalidatedCache<Identity, Boolean> cached;

    /** Uncached, publishing nowhere: every check reads the database. */
    public DisabledIdentities(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.invalidations = null;
        this.cached = null;
    }

    /** Cached per identity; disables and enables are published to {@code invalidations}, which clears the cache. */
    public DisabledIdentities(Database db, Clock clock, Invalidations invalidations) {
        this.db = db;
        this.clock = clock;
        this.invalidations = invalidations;
        var cache = new InvalidatedCache<Identity, Boolean>(db, CACHED_IDENTITIES,
                Invalidations.UNHEARD_CHANGE_BOUND);
        this.cached = cache;
        invalidations.subscribe(change -> {
            switch (change) {
                case Invalidation.IdentityChanged(String vault, String kind, String id) ->
                        cache.invalidate(new Identity(vault, kind, id));
                case Invalidation.VaultChanged(String vault) -> cache.clear();
                case Invalidation.Everything() -> cache.clear();
                default -> {
                    // not about identities
                }
            }
        });
    }

    /** Disables the identity; disabling a disabled one keeps its first time. */
    public void disable(String vaultId, Principal.Kind kind, String id) {
        db.write(h -> h.createUpdate("INSERT INTO disabled_identities (vault_id, kind, identity_id, disabled_at) "
                + "VALUES (:v, :k, :id, :now) ON CONFLICT (vault_id, kind, identity_id) DO NOTHING")
                .bind("v", vaultId).bind("k", kind.name()).bind("id", id).bind("now", clock.millis()).execute());
        announce(vaultId, kind, id);
    }

    /** Enables the identity again (also what deleting one does, so a name created again starts enabled). */
    public void enable(String vaultId, Principal.Kind kind, String id) {
        db.write(h -> h.createUpdate("DELETE FROM disabled_identities WHERE vault_id = :v AND kind = :k "
                + "AND identity_id = :id")
                .bind("v", vaultId).bind("k", kind.name()).bind("id", id).execute());
        announce(vaultId, kind, id);
    }

    private void announce(String vaultId, Principal.Kind kind, String id) {
        if (invalidations != null) {
            invalidations.publish(new Invalidation.IdentityChanged(vaultId, kind.name(), id));
        }
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
        String vaultId = principal.vaultId();
        String id = principal.id();
        if (!DISABLEABLE.contains(principal.kind()) || vaultId == null || id == null) {
            return false;
        }
        if (cached == null) {
            return disabledAt(vaultId, principal.kind(), id).isPresent();
        }
        return Boolean.TRUE.equals(cached.get(new Identity(vaultId, principal.kind().name(), id),
                identity -> disabledAt(vaultId, principal.kind(), id).isPresent()));
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
