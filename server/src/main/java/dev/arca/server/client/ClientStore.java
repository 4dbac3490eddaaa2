package dev.arca.server.client;

import dev.arca.api.Client;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.EpochMillis;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The {@code clients} table. Holds the digest of each client secret, never the secret. */
final class ClientStore {
    /**
     * @param secretHash SHA-256 of the client secret, hex
     * @param publicKeyPem the registered EC P-256 key, or null
     * @param disabledAt when an administrator disabled it ({@code disabled_identities}); null while enabled
     */
    record Row(String clientId, String vaultId, String name, String secretHash, @Nullable String publicKeyPem,
            Instant createdAt, @Nullable Instant revokedAt, @Nullable Instant disabledAt) {
        boolean live() {
            return revokedAt == null;
        }

        Client view() {
            return new Client(clientId, name, vaultId, publicKeyPem != null, createdAt, revokedAt, disabledAt);
        }

        @Override
        public String toString() {
            return "ClientStore.Row[" + clientId + " in " + vaultId + "]";
        }
    }

    private static final String COLUMNS = "client_id, vault_id, name, secret_hash, public_key_pem, created_at, revoked_at";
    /** A client's row and, joined, whether it is disabled. */
    private static final String SELECT = "SELECT c.client_id, c.vault_id, c.name, c.secret_hash, c.public_key_pem, "
            + "c.created_at, c.revoked_at, d.disabled_at FROM clients c LEFT JOIN disabled_identities d "
            + "ON d.vault_id = c.vault_id AND d.kind = 'CLIENT' AND d.identity_id = c.client_id";

    private final Database db;

    ClientStore(Database db) {
        this.db = db;
    }

    void insert(Row row) {
        db.write(h -> h.createUpdate("INSERT INTO clients (" + COLUMNS + ") VALUES (:id, :vault, :name, :hash, :pem, "
                + ":created, NULL)")
                .bind("id", row.clientId()).bind("vault", row.vaultId()).bind("name", row.name())
                .bind("hash", row.secretHash()).bind("pem", row.publicKeyPem())
                .bind("created", row.createdAt().toEpochMilli())
                .execute());
    }

    Optional<Row> byId(String clientId) {
        return db.read(h -> h.createQuery(SELECT + " WHERE c.client_id = :id")
                .bind("id", clientId).map((rs, ctx) -> row(rs)).findOne());
    }

    /** Clients of a vault in id order, after {@code afterId}. */
    List<Row> list(String vaultId, String afterId, int limit) {
        return db.read(h -> h.createQuery(SELECT + " WHERE c.vault_id = :v "
                + "AND c.client_id > :after ORDER BY c.client_id LIMIT :limit")
                .bind("v", vaultId).bind("after", afterId).bind("limit", limit)
                .map((rs, ctx) -> row(rs)).list());
    }

    void revoke(String clientId, Instant now) {
        db.write(h -> h.createUpdate("UPDATE clients SET revoked_at = :now WHERE client_id = :id AND revoked_at IS NULL")
                .bind("now", now.toEpochMilli()).bind("id", clientId).execute());
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("client_id"), rs.getString("vault_id"), rs.getString("name"),
                rs.getString("secret_hash"), rs.getString("public_key_pem"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                EpochMillis.instant(rs, "revoked_at"), EpochMillis.instant(rs, "disabled_at"));
    }
}
