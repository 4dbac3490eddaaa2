package dev.arca.server.acme;

import dev.arca.api.Acme;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Table {@code acme_client_accounts} (V18): an account at a CA, without its key (key material
 * {@code account/{name}}). */
final class AccountStore {
    private static final String TABLE = "acme_client_accounts";
    private static final String COLUMNS = "id, vault_id, name, directory_url, email, url, status, key_type, "
            + "ca_certificate, created_at, updated_at";

    record Row(String id, String vaultId, String name, String directoryUrl, @Nullable String email, String url,
            String status, String keyType, @Nullable String caCertificate, Instant createdAt) {
        Acme.Account wire() {
            return new Acme.Account(name, directoryUrl, email, url, status, keyType, caCertificate, createdAt);
        }
    }

    private final Database db;

    AccountStore(Database db) {
        this.db = db;
    }

    void insert(Row row, Instant now) {
        db.write(h -> h.createUpdate("INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (:id, :vault, :name, "
                + ":directory, :email, :url, :status, :keyType, :ca, :now, :now)")
                .bind("id", row.id()).bind("vault", row.vaultId()).bind("name", row.name())
                .bind("directory", row.directoryUrl()).bind("email", row.email()).bind("url", row.url())
                .bind("status", row.status()).bind("keyType", row.keyType()).bind("ca", row.caCertificate())
                .bind("now", now.toEpochMilli()).execute());
    }

    void updateContact(String id, @Nullable String email, String status, Instant now) {
        db.write(h -> h.createUpdate("UPDATE " + TABLE + " SET email = :email, status = :status, updated_at = :now "
                + "WHERE id = :id").bind("id", id).bind("email", email).bind("status", status)
                .bind("now", now.toEpochMilli()).execute());
    }

    Optional<Row> byName(String vaultId, String name) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE vault_id = :vault "
                + "AND name = :name").bind("vault", vaultId).bind("name", name).map((rs, ctx) -> row(rs)).findOne());
    }

    /** A page in name order, {@code size + 1} rows after {@code after}. */
    List<Row> page(String vaultId, Paging paging) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE vault_id = :vault "
                + "AND name > :after ORDER BY name LIMIT :limit").bind("vault", vaultId)
                .bind("after", paging.after()).bind("limit", paging.size() + 1).map((rs, ctx) -> row(rs)).list());
    }

    boolean delete(String id) {
        return db.write(h -> h.createUpdate("DELETE FROM " + TABLE + " WHERE id = :id").bind("id", id).execute()) == 1;
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("id"), rs.getString("vault_id"), rs.getString("name"),
                rs.getString("directory_url"), rs.getString("email"), rs.getString("url"), rs.getString("status"),
                rs.getString("key_type"), rs.getString("ca_certificate"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
