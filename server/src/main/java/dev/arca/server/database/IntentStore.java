package dev.arca.server.database;

import dev.arca.server.storage.Database;
import java.util.List;

/**
 * Table {@code database_intents} (V15): a user about to be created, committed before the database is asked to
 * create it and deleted in the transaction that stores its lease. One left behind — a process killed in between,
 * a lease whose transaction failed — names a user with no lease, for {@link IntentSweep} to drop.
 */
final class IntentStore {
    record Intent(String id, String vaultId, String connectionId, String username, String revocation,
            long createdAt) {}

    private final Database db;

    IntentStore(Database db) {
        this.db = db;
    }

    void insert(Intent intent) {
        db.write(h -> h.createUpdate("INSERT INTO database_intents (id, vault_id, connection_id, username, revocation, "
                + "created_at) VALUES (:id, :vault, :connection, :username, :revocation, :created)")
                .bind("id", intent.id()).bind("vault", intent.vaultId()).bind("connection", intent.connectionId())
                .bind("username", intent.username()).bind("revocation", intent.revocation())
                .bind("created", intent.createdAt()).execute());
    }

    void delete(String id) {
        db.write(h -> h.createUpdate("DELETE FROM database_intents WHERE id = :id").bind("id", id).execute());
    }

    /** Intents older than {@code before}, oldest first. */
    List<Intent> olderThan(long before, int limit) {
        return db.read(h -> h.createQuery("SELECT id, vault_id, connection_id, username, revocation, created_at "
                + "FROM database_intents WHERE created_at < :before ORDER BY created_at LIMIT :limit")
                .bind("before", before).bind("limit", limit)
                .map((rs, ctx) -> new Intent(rs.getString("id"), rs.getString("vault_id"),
                        rs.getString("connection_id"), rs.getString("username"), rs.getString("revocation"),
                        rs.getLong("created_at"))).list());
    }
}
