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

/** Table {@code acme_client_dns_providers} (V18); a TSIG secret is key material {@code dns/{name}}, never a column. */
final class DnsProviderStore {
    private static final String TABLE = "acme_client_dns_providers";
    private static final String COLUMNS = "id, vault_id, name, type, server, zone, tsig_key_name, tsig_algorithm";

    record Row(String id, String vaultId, String name, String type, @Nullable String server, @Nullable String zone,
            @Nullable String tsigKeyName, @Nullable String tsigAlgorithm) {
        Acme.DnsProvider wire() {
            return new Acme.DnsProvider(name, type, server, zone, tsigKeyName, tsigAlgorithm);
        }
    }

    private final Database db;

    DnsProviderStore(Database db) {
        this.db = db;
    }

    /** Inserts or replaces the provider of the row's name. */
    void put(Row row, Instant now) {
        int updated = db.write(h -> h.createUpdate("UPDATE " + TABLE + " SET type = :type, server = :server, "
                + "zone = :zone, tsig_key_name = :key, tsig_algorithm = :alg, updated_at = :now WHERE id = :id")
                .bind("id", row.id()).bind("type", row.type()).bind("server", row.server()).bind("zone", row.zone())
                .bind("key", row.tsigKeyName()).bind("alg", row.tsigAlgorithm()).bind("now", now.toEpochMilli())
                .execute());
        if (updated == 0) {
            db.write(h -> h.createUpdate("INSERT INTO " + TABLE + " (" + COLUMNS + ", created_at, updated_at) "
                    + "VALUES (:id, :vault, :name, :type, :server, :zone, :key, :alg, :now, :now)")
                    .bind("id", row.id()).bind("vault", row.vaultId()).bind("name", row.name())
                    .bind("type", row.type()).bind("server", row.server()).bind("zone", row.zone())
                    .bind("key", row.tsigKeyName()).bind("alg", row.tsigAlgorithm()).bind("now", now.toEpochMilli())
                    .execute());
        }
    }

    Optional<Row> byName(String vaultId, String name) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE vault_id = :vault "
                + "AND name = :name").bind("vault", vaultId).bind("name", name).map((rs, ctx) -> row(rs)).findOne());
    }

    List<Row> page(String vaultId, Paging paging) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE vault_id = :vault "
                + "AND name > :after ORDER BY name LIMIT :limit").bind("vault", vaultId)
                .bind("after", paging.after()).bind("limit", paging.size() + 1).map((rs, ctx) -> row(rs)).list());
    }

    void delete(String id) {
        db.write(h -> h.createUpdate("DELETE FROM " + TABLE + " WHERE id = :id").bind("id", id).execute());
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("id"), rs.getString("vault_id"), rs.getString("name"), rs.getString("type"),
                rs.getString("server"), rs.getString("zone"), rs.getString("tsig_key_name"),
                rs.getString("tsig_algorithm"));
    }
}
