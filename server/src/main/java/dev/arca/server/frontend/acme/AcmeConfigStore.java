package dev.arca.server.frontend.acme;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StoredJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Table {@code acme_config}: one row per vault that was ever configured. */
final class AcmeConfigStore {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final Database db;

    AcmeConfigStore(Database db) {
        this.db = db;
    }

    AcmeConfig find(String vaultId) {
        return db.read(h -> h.createQuery("SELECT enabled, eab_policy, default_role, default_issuer, allowed_roles, "
                + "max_ttl_seconds FROM acme_config WHERE vault_id = :vault").bind("vault", vaultId)
                .map((rs, ctx) -> new AcmeConfig(rs.getInt("enabled") == 1, rs.getString("eab_policy"),
                        rs.getString("default_role"), rs.getString("default_issuer"),
                        StoredJson.read(rs.getString("allowed_roles"), STRINGS),
                        Duration.ofSeconds(rs.getLong("max_ttl_seconds"))))
                .findOne()).orElse(AcmeConfig.DEFAULTS);
    }

    void put(String vaultId, AcmeConfig config, Instant now) {
        db.write(h -> h.createUpdate("INSERT INTO acme_config (vault_id, enabled, eab_policy, default_role, "
                + "default_issuer, allowed_roles, max_ttl_seconds, updated_at) VALUES (:vault, :enabled, :eab, :role, "
                + ":issuer, :roles, :ttl, :now) ON CONFLICT (vault_id) DO UPDATE SET enabled = :enabled, "
                + "eab_policy = :eab, default_role = :role, default_issuer = :issuer, allowed_roles = :roles, "
                + "max_ttl_seconds = :ttl, updated_at = :now")
                .bind("vault", vaultId).bind("enabled", config.enabled() ? 1 : 0).bind("eab", config.eabPolicy())
                .bind("role", config.defaultRole()).bind("issuer", config.defaultIssuer())
                .bind("roles", StoredJson.write(config.allowedRoles())).bind("ttl", config.maxTtl().toSeconds())
                .bind("now", now.toEpochMilli()).execute());
    }
}
