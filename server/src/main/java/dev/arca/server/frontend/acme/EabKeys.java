package dev.arca.server.frontend.acme;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import dev.arca.api.Acme;
import dev.arca.api.SecretText;
import dev.arca.server.error.ArcaException;
import dev.arca.server.keymaterial.KeyMaterialStore;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.EpochMillis;
import dev.arca.server.storage.Ids;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * External account binding keys (RFC 8555 §7.3.4): an admin makes one ({@code POST …/pki/eab}), hands its id and
 * HMAC key to whoever may open an account, and the first account that proves it holds the key spends it.
 *
 * <p>Guarantees: the HMAC key (256 random bits) is kept only in the key-material store (engine
 * {@value #ENGINE}, owner {@code eab/{id}}), encrypted under the vault key, and shown once, when it is made; a key
 * binds at most one account (a conditional UPDATE spends it); a binding is checked in constant time by Nimbus's
 * {@link MACVerifier}.
 */
final class EabKeys {
    static final String ENGINE = "acme-server";
    private static final String COLUMNS = "id, comment, created_at, used_at, account_id";

    private final Database db;
    private final KeyMaterialStore keys;
    private final Clock clock;

    EabKeys(Database db, SealService seal, Clock clock) {
        this.db = db;
        this.keys = new KeyMaterialStore(db, seal, ENGINE);
        this.clock = clock;
    }

    Acme.EabKey create(String vaultId, Acme.EabCreate request, String by) {
        String id = Ids.newId("eab_");
        String comment = request.comment();
        if (comment != null && comment.length() > 256) {
            throw ArcaException.invalid("comment", "a comment is at most 256 characters");
        }
        Instant now = Instant.ofEpochMilli(clock.millis());
        byte[] key = Ids.randomBytes(32);
        try {
            var _ = keys.insert(id, vaultId, null, keyName(id), key, now, by)
                    .orElseThrow(() -> new IllegalStateException("EAB key " + id + " exists"));
            db.write(h -> h.createUpdate("INSERT INTO acme_eab_keys (id, vault_id, comment, created_at) VALUES (:id, "
                    + ":vault, :comment, :now)").bind("id", id).bind("vault", vaultId).bind("comment", comment)
                    .bind("now", now.toEpochMilli()).execute());
            return new Acme.EabKey(id, SecretText.of(Base64URL.encode(key).toString()), "HS256", comment, now, null,
                    null);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    List<Acme.EabKey> list(String vaultId) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM acme_eab_keys WHERE vault_id = :vault "
                + "ORDER BY created_at, id").bind("vault", vaultId).map((rs, ctx) -> view(rs)).list());
    }

    void delete(String vaultId, String id) {
        int deleted = db.write(h -> h.createUpdate("DELETE FROM acme_eab_keys WHERE vault_id = :vault AND id = :id")
                .bind("vault", vaultId).bind("id", id).execute());
        if (deleted != 1) {
            throw ArcaException.notFound("no EAB key " + id + " in this vault");
        }
        keys.delete(vaultId, keyName(id));
    }

    /**
     * The id of the unspent EAB key that signed {@code binding} over {@code accountKey} for {@code url}; refuses
     * (unauthorized / malformed) a binding that is not that.
     */
    String verify(String vaultId, Object binding, JWK accountKey, String url) {
        JWSObject jws = parse(binding);
        if (!JWSAlgorithm.HS256.equals(jws.getHeader().getAlgorithm())) {
            throw AcmeProblem.malformed("the external account binding must be signed with HS256");
        }
        if (!url.equals(jws.getHeader().getCustomParam("url")) || jws.getHeader().getCustomParam("nonce") != null) {
            throw AcmeProblem.malformed("the external account binding's url must be the new-account URL, and it has "
                    + "no nonce");
        }
        String id = jws.getHeader().getKeyID();
        if (id == null || !unspent(vaultId, id)) {
            throw AcmeProblem.unauthorized("the external account binding names no unused EAB key of this vault");
        }
        byte[] key = material(vaultId, id);
        try {
            if (!jws.verify(new MACVerifier(key))) {
                throw AcmeProblem.unauthorized("the external account binding's signature does not verify with EAB key "
                        + id);
            }
            if (!JWK.parse(jws.getPayload().toJSONObject()).toPublicJWK().equals(accountKey.toPublicJWK())) {
                throw AcmeProblem.malformed("the external account binding must sign the account's own key (jwk)");
            }
            return id;
        } catch (JOSEException | ParseException | RuntimeException e) {
            if (e instanceof AcmeProblem problem) {
                throw problem;
            }
            throw AcmeProblem.malformed("the external account binding cannot be read: its payload must be the "
                    + "account's JWK");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Spends key {@code id} on account {@code accountId}, in the request's transaction; unauthorized if it was spent. */
    void spend(String vaultId, String id, String accountId) {
        int spent = db.write(h -> h.createUpdate("UPDATE acme_eab_keys SET used_at = :now, account_id = :account "
                + "WHERE vault_id = :vault AND id = :id AND used_at IS NULL")
                .bind("now", clock.millis()).bind("account", accountId).bind("vault", vaultId).bind("id", id)
                .execute());
        if (spent != 1) {
            throw AcmeProblem.unauthorized("EAB key " + id + " was used by another account meanwhile");
        }
    }

    private boolean unspent(String vaultId, String id) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM acme_eab_keys WHERE vault_id = :vault AND id = :id "
                + "AND used_at IS NULL").bind("vault", vaultId).bind("id", id).mapTo(Integer.class).one()) == 1;
    }

    private byte[] material(String vaultId, String id) {
        var entry = keys.byName(vaultId, keyName(id))
                .orElseThrow(() -> AcmeProblem.unauthorized("EAB key " + id + " has no key material"));
        return keys.open(vaultId, entry.id(), entry.version())
                .orElseThrow(() -> AcmeProblem.unauthorized("EAB key " + id + " changed while read"));
    }

    private static JWSObject parse(Object binding) {
        if (!(binding instanceof Map<?, ?> map) || !(map.get("protected") instanceof String header)
                || !(map.get("payload") instanceof String payload) || !(map.get("signature") instanceof String sig)) {
            throw AcmeProblem.malformed("externalAccountBinding must be a flattened JWS (protected, payload, "
                    + "signature)");
        }
        try {
            return new JWSObject(new Base64URL(header), new Base64URL(payload), new Base64URL(sig));
        } catch (ParseException e) {
            throw AcmeProblem.malformed("the external account binding's protected header cannot be read");
        }
    }

    private static Acme.EabKey view(ResultSet rs) throws SQLException {
        return new Acme.EabKey(rs.getString("id"), null, "HS256", rs.getString("comment"),
                Instant.ofEpochMilli(rs.getLong("created_at")), EpochMillis.instant(rs, "used_at"),
                rs.getString("account_id"));
    }

    private static String keyName(String id) {
        return "eab/" + id;
    }
}
