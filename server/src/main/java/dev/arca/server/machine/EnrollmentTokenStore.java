package dev.arca.server.machine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.EpochMillis;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The {@code enrollment_tokens} table. Holds SHA-256 digests and settings; a token itself is never stored. */
final class EnrollmentTokenStore {
    /**
     * @param machineTtl the lifetime of each ephemeral machine; null for persistent ones
     * @param maxUses null = unlimited
     * @param cidrs normalised CIDR ranges; empty = any source
     */
    record Row(String id, String vaultId, String tokenHash, boolean ephemeral, @Nullable Duration machineTtl,
            List<String> cidrs, @Nullable String hostnamePattern, @Nullable String namePattern, List<String> projects,
            List<String> secrets, boolean autoApprove, int uses, @Nullable Integer maxUses, Instant createdAt,
            Instant expiresAt, @Nullable Instant revokedAt) {
        Row {
            cidrs = List.copyOf(cidrs);
            projects = List.copyOf(projects);
            secrets = List.copyOf(secrets);
        }
    }

    private static final ObjectMapper JSON = Json.strict();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final String COLUMNS = "id, vault_id, token_hash, ephemeral, machine_ttl_seconds, cidrs, "
            + "hostname_pattern, name_pattern, projects, secrets, auto_approve, uses, max_uses, created_at, "
            + "expires_at, revoked_at";

    private final Database db;

    EnrollmentTokenStore(Database db) {
        this.db = db;
    }

    void insert(Row row) {
        db.write(h -> h.createUpdate("INSERT INTO enrollment_tokens (" + COLUMNS + ") VALUES (:id, :vault, :hash, "
                + ":ephemeral, :ttl, :cidrs, :hostname, :name, :projects, :secrets, :auto, 0, :max, :created, "
                + ":expires, NULL)")
                .bind("id", row.id()).bind("vault", row.vaultId()).bind("hash", row.tokenHash())
                .bind("ephemeral", row.ephemeral() ? 1 : 0)
                .bind("ttl", row.machineTtl() == null ? null : row.machineTtl().toSeconds())
                .bind("cidrs", String.join(",", row.cidrs())).bind("hostname", row.hostnamePattern())
                .bind("name", row.namePattern()).bind("projects", json(row.projects()))
                .bind("secrets", json(row.secrets())).bind("auto", row.autoApprove() ? 1 : 0)
                .bind("max", row.maxUses()).bind("created", row.createdAt().toEpochMilli())
                .bind("expires", row.expiresAt().toEpochMilli())
                .execute());
    }

    Optional<Row> byHash(String hash) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM enrollment_tokens WHERE token_hash = :hash")
                .bind("hash", hash).map((rs, ctx) -> row(rs)).findOne());
    }

    Optional<Row> byId(String vaultId, String id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM enrollment_tokens WHERE vault_id = :vault "
                + "AND id = :id")
                .bind("vault", vaultId).bind("id", id).map((rs, ctx) -> row(rs)).findOne());
    }

    /** A vault's tokens (revoked ones included) in id order after {@code afterId} (null = from the start). */
    List<Row> list(String vaultId, @Nullable String afterId, int limit) {
        return db.read(h -> {
            var query = h.createQuery("SELECT " + COLUMNS + " FROM enrollment_tokens WHERE vault_id = :vault"
                    + (afterId == null ? "" : " AND id > :after") + " ORDER BY id LIMIT :limit")
                    .bind("vault", vaultId).bind("limit", limit);
            if (afterId != null) {
                query.bind("after", afterId);
            }
            return query.map((rs, ctx) -> row(rs)).list();
        });
    }

    /**
     * Takes one use of a usable token in one conditional UPDATE: of two enrollments racing for the last use,
     * exactly one gets it. False when the token is revoked, expired or used up.
     */
    boolean takeUse(String id, Instant now) {
        return db.write(h -> h.createUpdate("UPDATE enrollment_tokens SET uses = uses + 1 WHERE id = :id "
                + "AND revoked_at IS NULL AND expires_at > :now AND (max_uses IS NULL OR uses < max_uses)")
                .bind("id", id).bind("now", now.toEpochMilli()).execute()) == 1;
    }

    /** False when there is no such live token in the vault. */
    boolean revoke(String vaultId, String id, Instant now) {
        return db.write(h -> h.createUpdate("UPDATE enrollment_tokens SET revoked_at = :now WHERE vault_id = :vault "
                + "AND id = :id AND revoked_at IS NULL")
                .bind("now", now.toEpochMilli()).bind("vault", vaultId).bind("id", id).execute()) == 1;
    }

    private static Row row(ResultSet rs) throws SQLException {
        Object ttl = rs.getObject("machine_ttl_seconds");
        Object maxUses = rs.getObject("max_uses");
        String cidrs = rs.getString("cidrs");
        return new Row(rs.getString("id"), rs.getString("vault_id"), rs.getString("token_hash"),
                rs.getInt("ephemeral") == 1, ttl == null ? null : Duration.ofSeconds(((Number) ttl).longValue()),
                cidrs.isEmpty() ? List.of() : Arrays.asList(cidrs.split(",")), rs.getString("hostname_pattern"),
                rs.getString("name_pattern"), strings(rs.getString("projects")), strings(rs.getString("secrets")),
                rs.getInt("auto_approve") == 1, rs.getInt("uses"),
                maxUses == null ? null : ((Number) maxUses).intValue(), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("expires_at")), EpochMillis.instant(rs, "revoked_at"));
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serialises", e);
        }
    }

    private static List<String> strings(String json) {
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("enrollment_tokens holds a list that is not a JSON array of strings", e);
        }
    }
}
