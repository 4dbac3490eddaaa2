package dev.arca.server.auth;

import dev.arca.server.identity.Principal;
import dev.arca.server.invalidation.InvalidatedCache;
import dev.arca.server.invalidation.Invalidation;
import dev.arca.server.invalidation.Invalidations;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.EpochMillis;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/** The {@code tokens} table. Holds digests and metadata only; a token itself is never stored. */
final class TokenStore {
    /**
     * @param ownerKind the {@link Principal.Kind} of the identity the token was issued to, or null for a plain
     *     token
     */
    record Row(String accessor, String tokenHash, String displayName, List<String> policies,
            @Nullable String parentAccessor, @Nullable String vaultId, @Nullable String ownerKind,
            @Nullable String ownerId, boolean mfa, @Nullable Long ttlSeconds, Instant createdAt,
            @Nullable Instant expiresAt, @Nullable Instant maxExpiresAt, @Nullable Instant revokedAt) {}

    /** Tokens held in memory at most; a token past it is read again, once. */
    static final int CACHED_TOKENS = 50_000;

    private final Database db;
    private final Invalidations invalidations;
    /**
     * Tokens by digest, as every request looks its token up. Forgotten when revoked or when their expiry moves
     * (the whole tree: each node visited is announced), never kept past their expiry, and checked for expiry and
     * revocation on every hit by {@link TokenService}. Unknown digests are not cached.
     */
    private final InvalidatedCache<String, Row> byHash;

    TokenStore(Database db, Invalidations invalidations, Clock clock) {
        this.db = db;
        this.invalidations = invalidations;
        this.byHash = new InvalidatedCache<>(db, CACHED_TOKENS, Invalidations.UNHEARD_CHANGE_BOUND, clock,
                Row::expiresAt);
        invalidations.subscribe(this::forget);
    }

    private void forget(Invalidation change) {
        switch (change) {
            case Invalidation.TokenChanged(String accessor) ->
                    byHash.invalidateIf(row -> row.accessor().equals(accessor));
            case Invalidation.VaultChanged(String vaultId) ->
                    byHash.invalidateIf(row -> vaultId.equals(row.vaultId()));
            case Invalidation.Everything() -> byHash.clear();
            default -> {
                // not about tokens
            }
        }
    }

    void insert(Row row) {
        db.write(h -> h.createUpdate("""
                INSERT INTO tokens (accessor, token_hash, display_name, policies, parent_accessor, vault_id,
                                    owner_kind, owner_id, mfa, ttl_seconds, created_at, expires_at, max_expires_at)
                VALUES (:accessor, :hash, :name, :policies, :parent, :vault, :ownerKind, :ownerId, :mfa, :ttl,
                        :created, :expires, :maxExpires)""")
                .bind("accessor", row.accessor())
                .bind("hash", row.tokenHash())
                .bind("name", row.displayName())
                .bind("policies", String.join(",", row.policies()))
                .bind("parent", row.parentAccessor())
                .bind("vault", row.vaultId())
                .bind("ownerKind", row.ownerKind())
                .bind("ownerId", row.ownerId())
                .bind("mfa", row.mfa() ? 1 : 0)
                .bind("ttl", row.ttlSeconds())
                .bind("created", row.createdAt().toEpochMilli())
                .bind("expires", EpochMillis.of(row.expiresAt()))
                .bind("maxExpires", EpochMillis.of(row.maxExpiresAt()))
                .execute());
    }

    Optional<Row> byHash(String hash) {
        return Optional.ofNullable(byHash.get(hash, h -> find("token_hash", h).orElse(null)));
    }

    Optional<Row> byAccessor(String accessor) {
        return find("accessor", accessor);
    }

    /**
     * The token, its row locked until the caller's transaction ends (a write that changes nothing takes the lock on
     * both backends): a child made under it then cannot race its renewal or revocation, which write the same row.
     */
    Optional<Row> lockedByAccessor(String accessor) {
        return db.write(h -> {
            h.createUpdate("UPDATE tokens SET accessor = accessor WHERE accessor = :a").bind("a", accessor).execute();
            return h.createQuery("SELECT * FROM tokens WHERE accessor = :a").bind("a", accessor)
                    .map((rs, ctx) -> row(rs)).findOne();
        });
    }

    private Optional<Row> find(String column, String value) {
        return db.read(h -> h.createQuery("SELECT * FROM tokens WHERE " + column + " = :v")
                .bind("v", value)
                .map((rs, ctx) -> row(rs))
                .findOne());
    }

    /**
     * Sets a token's expiry and brings every live descendant that would end later down to it, so no token ever
     * outlives an ancestor. A descendant already ending sooner keeps its end, and so do its own descendants
     * (they end no later than it).
     */
    void setExpiryOfTree(String accessor, Instant expiresAt) {
        long end = expiresAt.toEpochMilli();
        announce(db.write(h -> eachInTree(h, List.of(accessor), "AND (expires_at IS NULL OR expires_at > :e)",
                Map.of("e", end), node -> h.createUpdate("UPDATE tokens SET expires_at = :e WHERE accessor = :a")
                        .bind("e", end).bind("a", node).execute())));
    }

    /** Revokes the token and, transitively, every token it created. */
    void revokeTree(String accessor, Instant now) {
        revokeTrees(List.of(accessor), now);
    }

    /** Revokes every live token issued to an identity, and what they created. */
    void revokeOwnedBy(String vaultId, String ownerKind, String ownerId, Instant now) {
        List<String> owned = db.read(h -> h.createQuery("SELECT accessor FROM tokens WHERE vault_id = :v "
                + "AND owner_kind = :k AND owner_id = :i AND revoked_at IS NULL")
                .bind("v", vaultId).bind("k", ownerKind).bind("i", ownerId).mapTo(String.class).list());
        revokeTrees(owned, now);
    }

    private void revokeTrees(List<String> roots, Instant now) {
        announce(db.write(h -> eachInTree(h, roots, "", Map.of(), node -> h.createUpdate(
                "UPDATE tokens SET revoked_at = :now WHERE accessor = :a AND revoked_at IS NULL")
                .bind("now", now.toEpochMilli()).bind("a", node).execute())));
    }

    /** Every cache forgets the tokens a write changed, once it commits. */
    private void announce(List<String> accessors) {
        accessors.forEach(accessor -> invalidations.publish(new Invalidation.TokenChanged(accessor)));
    }

    /**
     * Visits {@code roots}, then breadth first every live descendant whose row also meets {@code childCondition}
     * (SQL, its parameters in {@code binds}); a child not visited is not descended into. Returns those visited.
     */
    private static List<String> eachInTree(Handle h, List<String> roots, String childCondition,
            Map<String, Object> binds, Consumer<String> visit) {
        var pending = new ArrayDeque<String>(roots);
        List<String> visited = new ArrayList<>();
        while (!pending.isEmpty()) {
            String node = pending.pop();
            visit.accept(node);
            visited.add(node);
            pending.addAll(h.createQuery("SELECT accessor FROM tokens WHERE parent_accessor = :a "
                    + "AND revoked_at IS NULL " + childCondition)
                    .bind("a", node).bindMap(binds).mapTo(String.class).list());
        }
        return visited;
    }

    private static Row row(ResultSet rs) throws SQLException {
        String policies = rs.getString("policies");
        Object ttl = rs.getObject("ttl_seconds");
        return new Row(rs.getString("accessor"), rs.getString("token_hash"), rs.getString("display_name"),
                policies.isEmpty() ? List.of() : Arrays.asList(policies.split(",")), rs.getString("parent_accessor"),
                rs.getString("vault_id"), rs.getString("owner_kind"), rs.getString("owner_id"),
                rs.getInt("mfa") == 1, ttl == null ? null : ((Number) ttl).longValue(),
                Instant.ofEpochMilli(rs.getLong("created_at")), EpochMillis.instant(rs, "expires_at"),
                EpochMillis.instant(rs, "max_expires_at"), EpochMillis.instant(rs, "revoked_at"));
    }
}
