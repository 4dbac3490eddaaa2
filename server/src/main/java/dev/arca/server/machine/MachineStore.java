package dev.arca.server.machine;

import dev.arca.server.storage.Database;
import dev.arca.server.storage.EpochMillis;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The {@code machines} table: each machine's raw Ed25519 public key, status and lifetime. */
final class MachineStore {
    /**
     * @param expiresAt the end of an ephemeral machine's life; null for a persistent one
     * @param enrolledWith the enrollment token's id
     */
    record Row(String id, String vaultId, String name, byte[] publicKey, MachineStatus status, boolean ephemeral,
            @Nullable String hostname, Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant approvedAt,
            @Nullable String enrolledWith) {
        Row {
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }
    }

    private static final String COLUMNS = "id, vault_id, name, public_key, status, ephemeral, hostname, created_at, "
            + "expires_at, approved_at, enrolled_with";
    /** Machines that may still work or be approved: they count against the vault's limit. */
    private static final String LIVE = "status IN ('pending', 'active') AND (expires_at IS NULL OR expires_at > :now)";

    private final Database db;

    MachineStore(Database db) {
        this.db = db;
    }

    /**
     * Inserts the machine unless a pending or active machine of its vault already has its name, ignoring case (the
     * unique index {@code machines_live_name}, V11): false then, and nothing is written. The index decides, so two
     * enrollments at once can never both take a name, on SQLite and PostgreSQL alike.
     */
    boolean insertUnlessNameTaken(Row row) {
        return db.write(h -> h.createUpdate("INSERT INTO machines (" + COLUMNS + ") VALUES (:id, :vault, :name, :key, "
                + ":status, :ephemeral, :hostname, :created, :expires, :approved, :token) ON CONFLICT DO NOTHING")
                .bind("id", row.id()).bind("vault", row.vaultId()).bind("name", row.name())
                .bind("key", row.publicKey()).bind("status", row.status().wire())
                .bind("ephemeral", row.ephemeral() ? 1 : 0).bind("hostname", row.hostname())
                .bind("created", row.createdAt().toEpochMilli()).bind("expires", EpochMillis.of(row.expiresAt()))
                .bind("approved", EpochMillis.of(row.approvedAt())).bind("token", row.enrolledWith())
                .execute()) == 1;
    }

    Optional<Row> byId(String id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM machines WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> row(rs)).findOne());
    }

    /** A vault's machines in id order after {@code afterId} (null = from the start), optionally of one status. */
    List<Row> list(String vaultId, @Nullable MachineStatus status, @Nullable String afterId, int limit) {
        return db.read(h -> {
            var query = h.createQuery("SELECT " + COLUMNS + " FROM machines WHERE vault_id = :vault"
                    + (status == null ? "" : " AND status = :status") + (afterId == null ? "" : " AND id > :after")
                    + " ORDER BY id LIMIT :limit")
                    .bind("vault", vaultId).bind("limit", limit);
            if (status != null) {
                query.bind("status", status.wire());
            }
            if (afterId != null) {
                query.bind("after", afterId);
            }
            return query.map((rs, ctx) -> row(rs)).list();
        });
    }

    int countLive(String vaultId, Instant now) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM machines WHERE vault_id = :vault AND " + LIVE)
                .bind("vault", vaultId).bind("now", now.toEpochMilli()).mapTo(Integer.class).one());
    }

    /**
     * Moves a machine from {@code from} to {@code to} in one conditional UPDATE, so two admins acting at once
     * cannot both succeed. False when the machine was not in {@code from}.
     */
    boolean transition(String id, MachineStatus from, MachineStatus to, @Nullable Instant approvedAt) {
        return db.write(h -> h.createUpdate("UPDATE machines SET status = :to, approved_at = COALESCE(:approved, "
                + "approved_at) WHERE id = :id AND status = :from")
                .bind("to", to.wire()).bind("approved", EpochMillis.of(approvedAt)).bind("id", id).bind("from", from.wire())
                .execute()) == 1;
    }

    /** Marks every ephemeral machine past its lifetime {@code expired}; returns their ids. */
    List<String> expireEphemeral(Instant now) {
        return db.write(h -> h.createQuery("UPDATE machines SET status = 'expired' WHERE ephemeral = 1 "
                + "AND status IN ('pending', 'active') AND expires_at <= :now RETURNING id")
                .bind("now", now.toEpochMilli()).mapTo(String.class).list());
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("id"), rs.getString("vault_id"), rs.getString("name"), rs.getBytes("public_key"),
                MachineStatus.of(rs.getString("status")), rs.getInt("ephemeral") == 1, rs.getString("hostname"),
                Instant.ofEpochMilli(rs.getLong("created_at")), EpochMillis.instant(rs, "expires_at"),
                EpochMillis.instant(rs, "approved_at"), rs.getString("enrolled_with"));
    }
}
