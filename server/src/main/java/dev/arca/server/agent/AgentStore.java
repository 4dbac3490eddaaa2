package dev.arca.server.agent;

import dev.arca.api.Agent;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.EpochMillis;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The {@code agents} table: names, public keys and revocation marks. */
final class AgentStore {
    /**
     * @param publicKey base64 of the raw 32-byte Ed25519 key
     * @param disabledAt when an administrator disabled it ({@code disabled_identities}); null while enabled
     */
    record Row(String id, String vaultId, String name, String publicKey, Instant createdAt,
            @Nullable Instant revokedAt, @Nullable Instant disabledAt) {
        boolean live() {
            return revokedAt == null;
        }

        Agent view() {
            return new Agent(id, name, vaultId, createdAt, revokedAt, disabledAt);
        }
    }

    private static final String COLUMNS = "id, vault_id, name, public_key, created_at, revoked_at";
    /** An agent's row and, joined, whether it is disabled. */
    private static final String SELECT = "SELECT a.id, a.vault_id, a.name, a.public_key, a.created_at, a.revoked_at, "
            + "d.disabled_at FROM agents a LEFT JOIN disabled_identities d ON d.vault_id = a.vault_id "
            + "AND d.kind = 'AGENT' AND d.identity_id = a.name";

    private final Database db;

    AgentStore(Database db) {
        this.db = db;
    }

    void insert(Row row) {
        db.write(h -> h.createUpdate("INSERT INTO agents (" + COLUMNS + ") VALUES (:id, :vault, :name, :key, :created, "
                + "NULL)")
                .bind("id", row.id()).bind("vault", row.vaultId()).bind("name", row.name())
                .bind("key", row.publicKey()).bind("created", row.createdAt().toEpochMilli())
                .execute());
    }

    /** The agent of that name in the vault, revoked or not. */
    Optional<Row> byName(String vaultId, @Nullable String name) {
        return db.read(h -> h.createQuery(SELECT + " WHERE a.vault_id = :v AND a.name = :n")
                .bind("v", vaultId).bind("n", name).map((rs, ctx) -> row(rs)).findOne());
    }

    /** The ids of the vaults holding a live agent of that name, in id order. */
    List<String> vaultsWithLive(String name) {
        return db.read(h -> h.createQuery("SELECT vault_id FROM agents WHERE name = :n AND revoked_at IS NULL "
                + "ORDER BY vault_id")
                .bind("n", name).mapTo(String.class).list());
    }

    /** Agents of a vault in name order, after {@code afterName}. */
    List<Row> list(String vaultId, String afterName, int limit) {
        return db.read(h -> h.createQuery(SELECT + " WHERE a.vault_id = :v AND a.name > :after "
                + "ORDER BY a.name LIMIT :limit")
                .bind("v", vaultId).bind("after", afterName).bind("limit", limit)
                .map((rs, ctx) -> row(rs)).list());
    }

    void revoke(String id, Instant now) {
        db.write(h -> h.createUpdate("UPDATE agents SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .bind("now", now.toEpochMilli()).bind("id", id).execute());
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("id"), rs.getString("vault_id"), rs.getString("name"), rs.getString("public_key"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                EpochMillis.instant(rs, "revoked_at"), EpochMillis.instant(rs, "disabled_at"));
    }
}
