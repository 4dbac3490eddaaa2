package dev.arca.server.auth;

import dev.arca.server.storage.Database;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code tokens} table. Holds digests and metadata only; a token itself is never stored. */
final class TokenStore {
    record Row(String accessor, String tokenHash, String displayName, List<String> policies, String parentAccessor,
            Instant createdAt, Instant expiresAt, Instant revokedAt) {}

    private final Database db;

    TokenStore(Database db) {
        this.db = db;
    }

    void insert(Row row) {
        db.write(h -> h.createUpdate("""
                INSERT INTO tokens (accessor, token_hash, display_name, policies, parent_accessor, created_at,
                                    expires_at, revoked_at)
                VALUES (:accessor, :hash, :name, :policies, :parent, :created, :expires, NULL)""")
                .bind("accessor", row.accessor())
                .bind("hash", row.tokenHash())
                .bind("name", row.displayName())
                .bind("policies", String.join(",", row.policies()))
                .bind("parent", row.parentAccessor())
                .bind("created", row.createdAt().toEpochMilli())
                .bind("expires", row.expiresAt() == null ? null : row.expiresAt().toEpochMilli())
                .execute());
    }

    Optional<Row> byHash(String hash) {
        return find("token_hash", hash);
    }

    Optional<Row> byAccessor(String accessor) {
        return find("accessor", accessor);
    }

    private Optional<Row> find(String column, String value) {
        return db.read(h -> h.createQuery("SELECT * FROM tokens WHERE " + column + " = :v")
                .bind("v", value)
                .map((rs, ctx) -> new Row(rs.getString("accessor"), rs.getString("token_hash"),
                        rs.getString("display_name"), policies(rs.getString("policies")),
                        rs.getString("parent_accessor"), Instant.ofEpochMilli(rs.getLong("created_at")),
                        instant(rs.getObject("expires_at")), instant(rs.getObject("revoked_at"))))
                .findOne());
    }

    /** Revokes the token and, transitively, every token it created. */
    void revokeTree(String accessor, Instant now) {
        db.write(h -> {
            var pending = new java.util.ArrayDeque<String>(List.of(accessor));
            while (!pending.isEmpty()) {
                String next = pending.pop();
                h.createUpdate("UPDATE tokens SET revoked_at = :now WHERE accessor = :a AND revoked_at IS NULL")
                        .bind("now", now.toEpochMilli()).bind("a", next).execute();
                pending.addAll(h.createQuery("SELECT accessor FROM tokens WHERE parent_accessor = :a AND revoked_at IS NULL")
                        .bind("a", next).mapTo(String.class).list());
            }
            return null;
        });
    }

    private static List<String> policies(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static Instant instant(Object epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(((Number) epochMillis).longValue());
    }
}
