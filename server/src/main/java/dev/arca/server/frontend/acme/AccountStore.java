package dev.arca.server.frontend.acme;

import com.fasterxml.jackson.core.type.TypeReference;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StoredJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Table {@code acme_accounts}: an account's public key (JWK), its thumbprint, status and contact. */
final class AccountStore {
    static final String VALID = "valid";
    static final String DEACTIVATED = "deactivated";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final String COLUMNS = "id, vault_id, jwk, status, contact, eab_key_id, created_at";

    /** An account; {@code key} is public. */
    record Account(String id, String vaultId, JWK key, String status, List<String> contact, @Nullable String eabKeyId,
            Instant createdAt) {
        boolean valid() {
            return VALID.equals(status);
        }
    }

    private final Database db;

    AccountStore(Database db) {
        this.db = db;
    }

    static String thumbprint(JWK key) {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("a parsed JWK always has a thumbprint", e);
        }
    }

    Optional<Account> find(String vaultId, String id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM acme_accounts WHERE vault_id = :vault AND "
                + "id = :id").bind("vault", vaultId).bind("id", id).map((rs, ctx) -> account(rs)).findOne());
    }

    /** An account of any vault, for the background validator. */
    Optional<Account> byId(String id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM acme_accounts WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> account(rs)).findOne());
    }

    Optional<Account> byKey(String vaultId, JWK key) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM acme_accounts WHERE vault_id = :vault AND "
                + "thumbprint = :thumbprint").bind("vault", vaultId).bind("thumbprint", thumbprint(key))
                .map((rs, ctx) -> account(rs)).findOne());
    }

    /** False when the vault already has an account with this key (the unique index decides). */
    boolean insert(Account account) {
        return db.write(h -> h.createUpdate("INSERT INTO acme_accounts (id, vault_id, jwk, thumbprint, status, "
                + "contact, eab_key_id, created_at) VALUES (:id, :vault, :jwk, :thumbprint, :status, :contact, :eab, "
                + ":now) ON CONFLICT DO NOTHING")
                .bind("id", account.id()).bind("vault", account.vaultId())
                .bind("jwk", account.key().toPublicJWK().toJSONString()).bind("thumbprint", thumbprint(account.key()))
                .bind("status", account.status()).bind("contact", StoredJson.write(account.contact()))
                .bind("eab", account.eabKeyId()).bind("now", account.createdAt().toEpochMilli()).execute()) == 1;
    }

    void updateContact(String id, List<String> contact) {
        db.write(h -> h.createUpdate("UPDATE acme_accounts SET contact = :contact WHERE id = :id")
                .bind("contact", StoredJson.write(contact)).bind("id", id).execute());
    }

    void deactivate(String id) {
        db.write(h -> h.createUpdate("UPDATE acme_accounts SET status = :status WHERE id = :id")
                .bind("status", DEACTIVATED).bind("id", id).execute());
    }

    /** Replaces the key; false when another account of the vault holds the new one (the unique index decides). */
    boolean changeKey(String vaultId, String id, JWK key) {
        String thumbprint = thumbprint(key);
        return db.write(h -> {
            boolean taken = h.createQuery("SELECT COUNT(*) FROM acme_accounts WHERE vault_id = :vault AND "
                    + "thumbprint = :thumbprint").bind("vault", vaultId).bind("thumbprint", thumbprint)
                    .mapTo(Integer.class).one() > 0;
            return !taken && h.createUpdate("UPDATE acme_accounts SET jwk = :jwk, thumbprint = :thumbprint WHERE "
                    + "id = :id").bind("jwk", key.toPublicJWK().toJSONString()).bind("thumbprint", thumbprint)
                    .bind("id", id).execute() == 1;
        });
    }

    private static Account account(ResultSet rs) throws SQLException {
        try {
            return new Account(rs.getString("id"), rs.getString("vault_id"), JWK.parse(rs.getString("jwk")),
                    rs.getString("status"), StoredJson.read(rs.getString("contact"), STRINGS),
                    rs.getString("eab_key_id"), Instant.ofEpochMilli(rs.getLong("created_at")));
        } catch (ParseException e) {
            throw new IllegalStateException("account " + rs.getString("id") + " holds an unreadable JWK", e);
        }
    }
}
