package dev.arca.server.pki;

import dev.arca.api.Pki;
import dev.arca.api.Durations;
import dev.arca.server.storage.Database;
import java.time.Duration;

/** Table {@code pki_config}: a vault's PKI settings, made with their defaults when first needed. */
public final class PkiConfigStore {
    public static final Duration DEFAULT_CRL_EXPIRY = Duration.ofDays(3);
    public static final Duration DEFAULT_DELTA_INTERVAL = Duration.ofMinutes(15);

    private final Database db;

    public PkiConfigStore(Database db) {
        this.db = db;
    }

    /** The row of a vault, inserted with the defaults when it has none. */
    static void ensure(Database db, String vaultId) {
        db.write(h -> h.createUpdate("INSERT INTO pki_config (vault_id, crl_expiry_seconds, crl_delta_seconds, "
                + "crl_disabled) VALUES (:vault, :expiry, :delta, 0) ON CONFLICT DO NOTHING")
                .bind("vault", vaultId).bind("expiry", DEFAULT_CRL_EXPIRY.toSeconds())
                .bind("delta", DEFAULT_DELTA_INTERVAL.toSeconds()).execute());
    }

    public Pki.CrlConfig crl(String vaultId) {
        return db.read(h -> h.createQuery("SELECT crl_expiry_seconds, crl_delta_seconds, crl_disabled FROM pki_config "
                + "WHERE vault_id = :vault").bind("vault", vaultId)
                .map((rs, ctx) -> new Pki.CrlConfig(Durations.format(Duration.ofSeconds(rs.getLong(1))),
                        Durations.format(Duration.ofSeconds(rs.getLong(2))), rs.getInt(3) == 1))
                .findOne())
                .orElse(new Pki.CrlConfig(Durations.format(DEFAULT_CRL_EXPIRY),
                        Durations.format(DEFAULT_DELTA_INTERVAL), false));
    }

    public void writeCrl(String vaultId, Duration expiry, Duration delta, boolean disabled) {
        ensure(db, vaultId);
        db.write(h -> h.createUpdate("UPDATE pki_config SET crl_expiry_seconds = :expiry, crl_delta_seconds = :delta, "
                + "crl_disabled = :disabled WHERE vault_id = :vault")
                .bind("vault", vaultId).bind("expiry", expiry.toSeconds()).bind("delta", delta.toSeconds())
                .bind("disabled", disabled ? 1 : 0).execute());
    }
}
