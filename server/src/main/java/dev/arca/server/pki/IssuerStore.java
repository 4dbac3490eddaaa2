package dev.arca.server.pki;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.api.Pki;
import dev.arca.server.storage.Database;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Table {@code pki_issuers} and the vault's default issuer in {@code pki_config}. Keys are not here. */
final class IssuerStore {
    private static final ObjectMapper JSON = Json.strict();
    private static final String COLUMNS = "id, vault_id, name, kind, state, key_type, key_bits, exportable, has_key, "
            + "certificate, chain, urls, leaf_not_after_behavior, created_at, updated_at";

    private final Database db;

    IssuerStore(Database db) {
        this.db = db;
    }

    /** Inserts a new issuer; false when the vault already has one of that name. */
    boolean insert(IssuerRow row, String by) {
        X509Certificate certificate = row.certificate() == null ? null : row.x509();
        return db.write(h -> h.createUpdate("INSERT INTO pki_issuers (" + COLUMNS + ", serial, subject, not_before, "
                + "not_after, created_by) VALUES (:id, :vault, :name, :kind, :state, :keyType, :keyBits, :exportable, "
                + ":hasKey, :certificate, :chain, :urls, :behavior, :createdAt, :updatedAt, :serial, :subject, "
                + ":notBefore, :notAfter, :by) ON CONFLICT DO NOTHING")
                .bind("id", row.id()).bind("vault", row.vaultId()).bind("name", row.name()).bind("kind", row.kind())
                .bind("state", row.state()).bind("keyType", row.keyType()).bind("keyBits", row.keyBits())
                .bind("exportable", row.exportable() ? 1 : 0).bind("hasKey", row.hasKey() ? 1 : 0)
                .bind("certificate", row.certificate()).bind("chain", row.parents()).bind("urls", json(row.urls()))
                .bind("behavior", row.leafNotAfterBehavior()).bind("createdAt", row.createdAt().toEpochMilli())
                .bind("updatedAt", row.updatedAt().toEpochMilli())
                .bind("serial", certificate == null ? null : Serials.colonHex(certificate.getSerialNumber()))
                .bind("subject", certificate == null ? null : certificate.getSubjectX500Principal().getName())
                .bind("notBefore", certificate == null ? null : certificate.getNotBefore().getTime())
                .bind("notAfter", certificate == null ? null : certificate.getNotAfter().getTime())
                .bind("by", by).execute()) == 1;
    }

    /** Sets the certificate of a pending issuer, making it active; false when it is no longer pending. */
    boolean activate(String id, X509Certificate certificate, String parents, Instant now) {
        try {
            byte[] der = certificate.getEncoded();
            return db.write(h -> h.createUpdate("UPDATE pki_issuers SET state = 'active', certificate = :certificate, "
                    + "chain = :chain, serial = :serial, subject = :subject, not_before = :notBefore, "
                    + "not_after = :notAfter, updated_at = :now WHERE id = :id AND state = 'pending'")
                    .bind("id", id).bind("certificate", der).bind("chain", parents)
                    .bind("serial", Serials.colonHex(certificate.getSerialNumber()))
                    .bind("subject", certificate.getSubjectX500Principal().getName())
                    .bind("notBefore", certificate.getNotBefore().getTime())
                    .bind("notAfter", certificate.getNotAfter().getTime()).bind("now", now.toEpochMilli())
                    .execute()) == 1;
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    void update(String id, Pki.Urls urls, String leafNotAfterBehavior, Instant now) {
        db.write(h -> h.createUpdate("UPDATE pki_issuers SET urls = :urls, leaf_not_after_behavior = :behavior, "
                + "updated_at = :now WHERE id = :id")
                .bind("id", id).bind("urls", json(urls)).bind("behavior", leafNotAfterBehavior)
                .bind("now", now.toEpochMilli()).execute());
    }

    /** Deletes the issuer with its CRLs and certificate records. */
    void deleteWithRecords(String id) {
        db.write(h -> {
            for (String table : List.of("pki_crls", "pki_certificates")) {
                h.createUpdate("DELETE FROM " + table + " WHERE issuer_id = :id").bind("id", id).execute();
            }
            return h.createUpdate("DELETE FROM pki_issuers WHERE id = :id").bind("id", id).execute();
        });
    }

    /** The issuer of a vault by id ({@code iss_…}) or name. */
    Optional<IssuerRow> find(String vaultId, String ref) {
        String column = ref.startsWith(IssuerService.ID_PREFIX) ? "id" : "name";
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM pki_issuers WHERE vault_id = :vault AND "
                + column + " = :ref").bind("vault", vaultId).bind("ref", ref).map((rs, ctx) -> row(rs)).findOne());
    }

    Optional<IssuerRow> byId(String id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM pki_issuers WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> row(rs)).findOne());
    }

    List<IssuerRow> list(String vaultId) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM pki_issuers WHERE vault_id = :vault "
                + "ORDER BY name").bind("vault", vaultId).map((rs, ctx) -> row(rs)).list());
    }

    /** Every active issuer that holds a key, of every vault: the CRL job's work list. */
    List<IssuerRow> signingIssuers() {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM pki_issuers WHERE state = 'active' "
                + "AND has_key = 1 ORDER BY id").map((rs, ctx) -> row(rs)).list());
    }

    Optional<String> defaultIssuerId(String vaultId) {
        return db.read(h -> h.createQuery("SELECT default_issuer_id FROM pki_config WHERE vault_id = :vault")
                .bind("vault", vaultId).mapTo(String.class).findOne());
    }

    /** Makes {@code issuerId} the vault's default; only when it has none yet unless {@code replace}. */
    void setDefault(String vaultId, @Nullable String issuerId, boolean replace) {
        PkiConfigStore.ensure(db, vaultId);
        db.write(h -> h.createUpdate("UPDATE pki_config SET default_issuer_id = :issuer WHERE vault_id = :vault"
                + (replace ? "" : " AND default_issuer_id IS NULL"))
                .bind("vault", vaultId).bind("issuer", issuerId).execute());
    }

    private static IssuerRow row(ResultSet rs) throws SQLException {
        int bits = rs.getInt("key_bits");
        Integer keyBits = rs.wasNull() ? null : bits;
        return new IssuerRow(rs.getString("id"), rs.getString("vault_id"), rs.getString("name"), rs.getString("kind"),
                rs.getString("state"), rs.getString("key_type"), keyBits, rs.getInt("exportable") == 1,
                rs.getInt("has_key") == 1, rs.getBytes("certificate"), rs.getString("chain"),
                urls(rs.getString("urls")), rs.getString("leaf_not_after_behavior"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    private static String json(Pki.Urls urls) {
        try {
            return JSON.writeValueAsString(urls);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Pki.Urls urls(String json) {
        try {
            return JSON.readValue(json, Pki.Urls.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored issuer urls do not parse", e);
        }
    }
}
