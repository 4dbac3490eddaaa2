package dev.arca.server.user;

import dev.arca.server.storage.Database;
import dev.arca.server.storage.EpochMillis;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The {@code users} table. Passwords only as Argon2id PHC strings, TOTP secrets only as ciphertext. */
final class UserStore {
    /**
     * @param passwordHash null once the user is deleted
     * @param totpSecret the encrypted TOTP secret; null when none was enrolled
     * @param totpLastStep the last accepted TOTP step; null when none was accepted yet
     * @param deletedAt when the user was deleted (the {@code users.disabled_at} column, older than disabling)
     * @param disabledAt when an administrator disabled the user ({@code disabled_identities}); null while enabled
     */
    record Row(String vaultId, String username, String passwordHash, byte[] totpSecret, boolean totpPending,
            @Nullable Long totpLastStep, Instant createdAt, @Nullable Instant deletedAt, @Nullable Instant disabledAt) {
        boolean active() {
            return deletedAt == null;
        }

        boolean totpActive() {
            return totpSecret != null && !totpPending;
        }
    }

    /** A user's row and, joined, whether it is disabled. */
    private static final String SELECT = "SELECT u.vault_id, u.username, u.password_hash, u.totp_secret, "
            + "u.totp_pending, u.totp_last_step, u.created_at, u.disabled_at AS deleted_at, d.disabled_at "
            + "FROM users u LEFT JOIN disabled_identities d ON d.vault_id = u.vault_id AND d.kind = 'USER' "
            + "AND d.identity_id = u.username";

    private final Database db;

    UserStore(Database db) {
        this.db = db;
    }

    Optional<Row> find(String vaultId, String username) {
        return db.read(h -> h.createQuery(SELECT + " WHERE u.vault_id = :v AND u.username = :u")
                .bind("v", vaultId).bind("u", username).map((rs, ctx) -> row(rs)).findOne());
    }

    /** Inserts a new user; false when the name is taken (by a live or a deleted user). */
    boolean insert(String vaultId, String username, String passwordHash, Instant now) {
        return db.write(h -> h.createUpdate("INSERT INTO users (vault_id, username, password_hash, totp_pending, "
                + "created_at) VALUES (:v, :u, :hash, 0, :now) ON CONFLICT (vault_id, username) DO NOTHING")
                .bind("v", vaultId).bind("u", username).bind("hash", passwordHash).bind("now", now.toEpochMilli())
                .execute()) == 1;
    }

    /** Brings a deleted user back as new (new password, no TOTP); false unless the user exists and is deleted. */
    boolean revive(String vaultId, String username, String passwordHash, Instant now) {
        return db.write(h -> h.createUpdate("UPDATE users SET password_hash = :hash, totp_secret = NULL, "
                + "totp_pending = 0, totp_last_step = NULL, created_at = :now, disabled_at = NULL "
                + "WHERE vault_id = :v AND username = :u AND disabled_at IS NOT NULL")
                .bind("v", vaultId).bind("u", username).bind("hash", passwordHash).bind("now", now.toEpochMilli())
                .execute()) == 1;
    }

    /** Marks a live user deleted and wipes its credentials; false when there is no live user of that name. */
    boolean markDeleted(String vaultId, String username, Instant now) {
        return db.write(h -> h.createUpdate("UPDATE users SET disabled_at = :now, password_hash = NULL, "
                + "totp_secret = NULL, totp_pending = 0, totp_last_step = NULL "
                + "WHERE vault_id = :v AND username = :u AND disabled_at IS NULL")
                .bind("v", vaultId).bind("u", username).bind("now", now.toEpochMilli())
                .execute()) == 1;
    }

    /** Replaces a live user's password hash; false when there is no live user of that name. */
    boolean setPassword(String vaultId, String username, String passwordHash) {
        return db.write(h -> h.createUpdate("UPDATE users SET password_hash = :hash "
                + "WHERE vault_id = :v AND username = :u AND disabled_at IS NULL")
                .bind("v", vaultId).bind("u", username).bind("hash", passwordHash).execute()) == 1;
    }

    /** Turns a live user's TOTP off (active or pending): the next enrolment starts afresh. */
    boolean clearTotp(String vaultId, String username) {
        return db.write(h -> h.createUpdate("UPDATE users SET totp_secret = NULL, totp_pending = 0, "
                + "totp_last_step = NULL WHERE vault_id = :v AND username = :u AND disabled_at IS NULL")
                .bind("v", vaultId).bind("u", username).execute()) == 1;
    }

    /** Stores a new TOTP secret, pending until confirmed; only for a live user whose TOTP is not active. */
    boolean setPendingTotp(String vaultId, String username, byte[] ciphertext) {
        return db.write(h -> h.createUpdate("UPDATE users SET totp_secret = :secret, totp_pending = 1, "
                + "totp_last_step = NULL WHERE vault_id = :v AND username = :u AND disabled_at IS NULL "
                + "AND (totp_secret IS NULL OR totp_pending = 1)")
                .bind("v", vaultId).bind("u", username).bind("secret", ciphertext)
                .execute()) == 1;
    }

    /**
     * Records {@code step} as the last accepted TOTP step (and activates a pending secret when {@code activate}),
     * only if it is later than the one stored: one conditional UPDATE, so two requests with one code cannot both
     * succeed. False when the step was already used or the user changed meanwhile.
     */
    boolean acceptStep(@Nullable String vaultId, String username, long step, boolean activate) {
        return db.write(h -> h.createUpdate("UPDATE users SET totp_last_step = :step"
                + (activate ? ", totp_pending = 0" : "")
                + " WHERE vault_id = :v AND username = :u AND disabled_at IS NULL AND totp_secret IS NOT NULL "
                + "AND totp_pending = :pending AND (totp_last_step IS NULL OR totp_last_step < :step)")
                .bind("v", vaultId).bind("u", username).bind("step", step).bind("pending", activate ? 1 : 0)
                .execute()) == 1;
    }

    /** Live users in name order after {@code afterUsername}, at most {@code limit}. */
    List<Row> list(String vaultId, String afterUsername, int limit) {
        return db.read(h -> h.createQuery(SELECT + " WHERE u.vault_id = :v "
                + "AND u.disabled_at IS NULL AND u.username > :after ORDER BY u.username LIMIT :limit")
                .bind("v", vaultId).bind("after", afterUsername).bind("limit", limit)
                .map((rs, ctx) -> row(rs)).list());
    }

    private static Row row(ResultSet rs) throws SQLException {
        Object lastStep = rs.getObject("totp_last_step");
        return new Row(rs.getString("vault_id"), rs.getString("username"), rs.getString("password_hash"),
                rs.getBytes("totp_secret"), rs.getInt("totp_pending") != 0,
                lastStep == null ? null : ((Number) lastStep).longValue(),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                EpochMillis.instant(rs, "deleted_at"), EpochMillis.instant(rs, "disabled_at"));
    }
}
