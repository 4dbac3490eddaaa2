package dev.arca.server.frontend.acme;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.server.frontend.acme.challenge.AcmeIdentifier;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.EpochMillis;
import dev.arca.server.storage.StoredJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Tables {@code acme_orders}, {@code acme_authorizations} and {@code acme_challenges}: every state change is one
 * conditional UPDATE on the status it leaves, so two requests (or two nodes) never both move the same thing.
 */
final class OrderStore {
    static final String PENDING = "pending";
    static final String READY = "ready";
    static final String PROCESSING = "processing";
    static final String VALID = "valid";
    static final String INVALID = "invalid";
    private static final TypeReference<List<Map<String, String>>> IDENTIFIERS = new TypeReference<>() {};
    private static final String ORDER_COLUMNS = "id, vault_id, account_id, status, identifiers, role, issuer_ref, "
            + "expires_at, issuer_id, serial, error, created_at";
    private static final String AUTHZ_COLUMNS = "id, vault_id, order_id, account_id, identifier_type, "
            + "identifier_value, wildcard, status, expires_at";
    private static final String CHALLENGE_COLUMNS = "authz_id, type, token, status, validated_at, error";

    /** An order; {@code identifiers} as the client asked (a wildcard with its {@code *.}), error a problem JSON. */
    record Order(String id, String vaultId, String accountId, String status, List<AcmeIdentifier> identifiers,
            @Nullable String role, @Nullable String issuerRef, Instant expiresAt, @Nullable String issuerId,
            @Nullable String serial, @Nullable String error, Instant createdAt) {
        /** The status a client sees: a pending or ready order past its expiry is invalid. */
        String status(Instant now) {
            return (PENDING.equals(status) || READY.equals(status)) && !now.isBefore(expiresAt) ? INVALID : status;
        }
    }

    /** An authorization; for a wildcard identifier {@code value} is the base domain. */
    record Authz(String id, String vaultId, String orderId, String accountId, AcmeIdentifier identifier,
            boolean wildcard, String status, Instant expiresAt) {
        String status(Instant now) {
            return PENDING.equals(status) && !now.isBefore(expiresAt) ? "expired" : status;
        }
    }

    record Challenge(String authzId, String type, String token, String status, @Nullable Instant validatedAt,
            @Nullable String error) {}

    private final Database db;

    OrderStore(Database db) {
        this.db = db;
    }

    void insert(Order order, List<Authz> authzs, List<Challenge> challenges) {
        db.write(h -> {
            h.createUpdate("INSERT INTO acme_orders (" + ORDER_COLUMNS + ", updated_at) VALUES (:id, :vault, :account, "
                    + ":status, :identifiers, :role, :issuerRef, :expires, NULL, NULL, NULL, :now, :now)")
                    .bind("id", order.id()).bind("vault", order.vaultId()).bind("account", order.accountId())
                    .bind("status", order.status()).bind("identifiers", StoredJson.write(order.identifiers().stream()
                            .map(i -> Map.of("type", i.type(), "value", i.value())).toList()))
                    .bind("role", order.role()).bind("issuerRef", order.issuerRef())
                    .bind("expires", order.expiresAt().toEpochMilli()).bind("now", order.createdAt().toEpochMilli())
                    .execute();
            for (Authz authz : authzs) {
                h.createUpdate("INSERT INTO acme_authorizations (" + AUTHZ_COLUMNS + ") VALUES (:id, :vault, :order, "
                        + ":account, :type, :value, :wildcard, :status, :expires)")
                        .bind("id", authz.id()).bind("vault", authz.vaultId()).bind("order", authz.orderId())
                        .bind("account", authz.accountId()).bind("type", authz.identifier().type())
                        .bind("value", authz.identifier().value()).bind("wildcard", authz.wildcard() ? 1 : 0)
                        .bind("status", authz.status()).bind("expires", authz.expiresAt().toEpochMilli()).execute();
            }
            for (Challenge challenge : challenges) {
                h.createUpdate("INSERT INTO acme_challenges (authz_id, type, token, status) VALUES (:authz, :type, "
                        + ":token, :status)").bind("authz", challenge.authzId()).bind("type", challenge.type())
                        .bind("token", challenge.token()).bind("status", challenge.status()).execute();
            }
            return null;
        });
    }

    Optional<Order> order(String vaultId, String id) {
        return db.read(h -> h.createQuery("SELECT " + ORDER_COLUMNS + " FROM acme_orders WHERE vault_id = :vault "
                + "AND id = :id").bind("vault", vaultId).bind("id", id).map((rs, ctx) -> order(rs)).findOne());
    }

    Optional<Order> bySerial(String vaultId, String serial) {
        return db.read(h -> h.createQuery("SELECT " + ORDER_COLUMNS + " FROM acme_orders WHERE vault_id = :vault "
                + "AND serial = :serial").bind("vault", vaultId).bind("serial", serial).map((rs, ctx) -> order(rs))
                .findFirst());
    }

    List<String> orderIds(String accountId) {
        return db.read(h -> h.createQuery("SELECT id FROM acme_orders WHERE account_id = :account ORDER BY "
                + "created_at, id").bind("account", accountId).mapTo(String.class).list());
    }

    List<Authz> authzs(String orderId) {
        return db.read(h -> h.createQuery("SELECT " + AUTHZ_COLUMNS + " FROM acme_authorizations WHERE order_id = "
                + ":order ORDER BY id").bind("order", orderId).map((rs, ctx) -> authz(rs)).list());
    }

    Optional<Authz> authz(String vaultId, String id) {
        return db.read(h -> h.createQuery("SELECT " + AUTHZ_COLUMNS + " FROM acme_authorizations WHERE vault_id = "
                + ":vault AND id = :id").bind("vault", vaultId).bind("id", id).map((rs, ctx) -> authz(rs)).findOne());
    }

    Optional<Authz> authzById(String id) {
        return db.read(h -> h.createQuery("SELECT " + AUTHZ_COLUMNS + " FROM acme_authorizations WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> authz(rs)).findOne());
    }

    List<Challenge> challenges(String authzId) {
        return db.read(h -> h.createQuery("SELECT " + CHALLENGE_COLUMNS + " FROM acme_challenges WHERE authz_id = "
                + ":authz ORDER BY type").bind("authz", authzId).map((rs, ctx) -> challenge(rs)).list());
    }

    /** Moves a pending challenge to processing, claimed until {@code until}; false when it was not pending. */
    boolean startValidation(String authzId, String type, Instant until) {
        return db.write(h -> h.createUpdate("UPDATE acme_challenges SET status = :processing, claimed_until = :until "
                + "WHERE authz_id = :authz AND type = :type AND status = :pending")
                .bind("processing", PROCESSING).bind("until", until.toEpochMilli()).bind("pending", PENDING)
                .bind("authz", authzId).bind("type", type).execute()) == 1;
    }

    /** Processing challenges whose claim lapsed before {@code now} (a node stopped while validating). */
    List<Challenge> lapsed(Instant now) {
        return db.read(h -> h.createQuery("SELECT " + CHALLENGE_COLUMNS + " FROM acme_challenges WHERE status = "
                + ":processing AND claimed_until < :now").bind("processing", PROCESSING)
                .bind("now", now.toEpochMilli()).map((rs, ctx) -> challenge(rs)).list());
    }

    /** Takes over a lapsed claim; false when another node took it first or it finished. */
    boolean reclaim(String authzId, String type, Instant now, Instant until) {
        return db.write(h -> h.createUpdate("UPDATE acme_challenges SET claimed_until = :until WHERE authz_id = "
                + ":authz AND type = :type AND status = :processing AND claimed_until < :now")
                .bind("until", until.toEpochMilli()).bind("authz", authzId).bind("type", type)
                .bind("processing", PROCESSING).bind("now", now.toEpochMilli()).execute()) == 1;
    }

    /**
     * A validation's outcome, in one transaction: the challenge valid, its authorization valid and the order ready
     * once all its authorizations are; or the challenge invalid with {@code error}, its authorization and order
     * invalid. Nothing when the challenge is no longer processing.
     */
    void finishValidation(Authz authz, String type, Instant now, @Nullable String error) {
        db.inTransaction(() -> db.write(h -> {
            int moved = h.createUpdate("UPDATE acme_challenges SET status = :status, validated_at = :now, error = "
                    + ":error, claimed_until = NULL WHERE authz_id = :authz AND type = :type AND status = :processing")
                    .bind("status", error == null ? VALID : INVALID).bind("now", error == null ? now.toEpochMilli()
                            : null).bind("error", error).bind("authz", authz.id()).bind("type", type)
                    .bind("processing", PROCESSING).execute();
            if (moved != 1) {
                return null;
            }
            h.createUpdate("UPDATE acme_authorizations SET status = :status WHERE id = :id AND status = :pending")
                    .bind("status", error == null ? VALID : INVALID).bind("id", authz.id()).bind("pending", PENDING)
                    .execute();
            if (error == null) {
                h.createUpdate("UPDATE acme_orders SET status = :ready, updated_at = :now WHERE id = :order AND "
                        + "status = :pending AND NOT EXISTS (SELECT 1 FROM acme_authorizations WHERE order_id = :order "
                        + "AND status <> :valid)").bind("ready", READY).bind("now", now.toEpochMilli())
                        .bind("order", authz.orderId()).bind("pending", PENDING).bind("valid", VALID).execute();
            } else {
                h.createUpdate("UPDATE acme_orders SET status = :invalid, error = :error, updated_at = :now WHERE "
                        + "id = :order AND status = :pending").bind("invalid", INVALID).bind("error", error)
                        .bind("now", now.toEpochMilli()).bind("order", authz.orderId()).bind("pending", PENDING)
                        .execute();
            }
            return null;
        }));
    }

    /** The order valid with its certificate; false when it was no longer ready (a finalize came first). */
    boolean issued(String orderId, String issuerId, String serial, Instant now) {
        return db.write(h -> h.createUpdate("UPDATE acme_orders SET status = :valid, issuer_id = :issuer, serial = "
                + ":serial, updated_at = :now WHERE id = :id AND status = :ready")
                .bind("valid", VALID).bind("issuer", issuerId).bind("serial", serial).bind("now", now.toEpochMilli())
                .bind("id", orderId).bind("ready", READY).execute()) == 1;
    }

    private static Order order(ResultSet rs) throws SQLException {
        List<AcmeIdentifier> identifiers = StoredJson.read(rs.getString("identifiers"), IDENTIFIERS).stream()
                .map(i -> new AcmeIdentifier(String.valueOf(i.get("type")), String.valueOf(i.get("value")))).toList();
        return new Order(rs.getString("id"), rs.getString("vault_id"), rs.getString("account_id"),
                rs.getString("status"), identifiers, rs.getString("role"), rs.getString("issuer_ref"),
                Instant.ofEpochMilli(rs.getLong("expires_at")), rs.getString("issuer_id"), rs.getString("serial"),
                rs.getString("error"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static Authz authz(ResultSet rs) throws SQLException {
        return new Authz(rs.getString("id"), rs.getString("vault_id"), rs.getString("order_id"),
                rs.getString("account_id"), new AcmeIdentifier(rs.getString("identifier_type"),
                        rs.getString("identifier_value")), rs.getInt("wildcard") == 1, rs.getString("status"),
                Instant.ofEpochMilli(rs.getLong("expires_at")));
    }

    private static Challenge challenge(ResultSet rs) throws SQLException {
        return new Challenge(rs.getString("authz_id"), rs.getString("type"), rs.getString("token"),
                rs.getString("status"), EpochMillis.instant(rs, "validated_at"), rs.getString("error"));
    }
}
