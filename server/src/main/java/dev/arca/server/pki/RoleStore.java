package dev.arca.server.pki;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.api.Pki;
import dev.arca.server.storage.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Table {@code pki_roles}: each role as the JSON of its {@link RoleValidation#complete completed} write. */
final class RoleStore {
    private static final ObjectMapper JSON = Json.strict();

    private final Database db;

    RoleStore(Database db) {
        this.db = db;
    }

    /** Creates or replaces the role, in one statement. */
    void put(String vaultId, String name, Pki.RoleWrite completed, Instant now, String by) {
        db.write(h -> h.createUpdate("INSERT INTO pki_roles (vault_id, name, body, updated_at, updated_by) VALUES "
                + "(:vault, :name, :body, :now, :by) ON CONFLICT (vault_id, name) DO UPDATE SET body = excluded.body, "
                + "updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                .bind("vault", vaultId).bind("name", name).bind("body", json(completed))
                .bind("now", now.toEpochMilli()).bind("by", by).execute());
    }

    Optional<Pki.Role> find(String vaultId, String name) {
        return db.read(h -> h.createQuery("SELECT name, body, updated_at FROM pki_roles WHERE vault_id = :vault "
                + "AND name = :name").bind("vault", vaultId).bind("name", name).map((rs, ctx) -> role(rs)).findOne());
    }

    List<Pki.Role> list(String vaultId) {
        return db.read(h -> h.createQuery("SELECT name, body, updated_at FROM pki_roles WHERE vault_id = :vault "
                + "ORDER BY name").bind("vault", vaultId).map((rs, ctx) -> role(rs)).list());
    }

    /** False when there was no such role. */
    boolean delete(String vaultId, String name) {
        return db.write(h -> h.createUpdate("DELETE FROM pki_roles WHERE vault_id = :vault AND name = :name")
                .bind("vault", vaultId).bind("name", name).execute()) > 0;
    }

    private static Pki.Role role(ResultSet rs) throws SQLException {
        try {
            Pki.RoleWrite body = JSON.readValue(rs.getString("body"), Pki.RoleWrite.class);
            return RoleValidation.role(rs.getString("name"), body, Instant.ofEpochMilli(rs.getLong("updated_at")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored PKI role does not parse", e);
        }
    }

    private static String json(Pki.RoleWrite body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
