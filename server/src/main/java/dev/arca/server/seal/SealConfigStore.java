package dev.arca.server.seal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.server.storage.Database;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The {@code seal_config} table: one row (id 1) once the server is initialized. */
final class SealConfigStore {
    private static final ObjectMapper JSON = Json.strict();
    private static final HexFormat HEX = HexFormat.of();

    private final Database db;

    SealConfigStore(Database db) {
        this.db = db;
    }

    Optional<SealConfig> find() {
        return db.read(h -> h.createQuery(
                        "SELECT shares, threshold, share_digests, root_key_check, wrapped_keyring_key FROM seal_config "
                                + "WHERE id = 1")
                .map((rs, ctx) -> new SealConfig(rs.getInt("shares"), rs.getInt("threshold"),
                        parseDigests(rs.getString("share_digests")), rs.getBytes("root_key_check"),
                        rs.getBytes("wrapped_keyring_key")))
                .findOne());
    }

    /** Stores the configuration; false if the server was already initialized (here or by another node). */
    boolean insertIfAbsent(SealConfig config) {
        return db.write(h -> h.createUpdate("""
                        INSERT INTO seal_config (id, shares, threshold, share_digests, root_key_check, created_at)
                        VALUES (1, :shares, :threshold, :digests, :check, :now)
                        ON CONFLICT (id) DO NOTHING""")
                .bind("shares", config.shares())
                .bind("threshold", config.threshold())
                .bind("digests", formatDigests(config.shareDigests()))
                .bind("check", config.rootKeyCheck())
                .bind("now", System.currentTimeMillis())
                .execute()) == 1;
    }

    /**
     * Replaces the configuration a rekey read ({@code expected}, recognised by its root key check) with the rekeyed
     * one; false if another rekey (on this node or another) replaced it first, and then nothing changed.
     */
    boolean replace(SealConfig expected, SealConfig rekeyed) {
        return db.write(h -> h.createUpdate("""
                        UPDATE seal_config SET shares = :shares, threshold = :threshold, share_digests = :digests,
                            root_key_check = :check, wrapped_keyring_key = :wrapped
                        WHERE id = 1 AND root_key_check = :expected""")
                .bind("shares", rekeyed.shares())
                .bind("threshold", rekeyed.threshold())
                .bind("digests", formatDigests(rekeyed.shareDigests()))
                .bind("check", rekeyed.rootKeyCheck())
                .bind("wrapped", rekeyed.wrappedKeyringKey())
                .bind("expected", expected.rootKeyCheck())
                .execute()) == 1;
    }

    private static String formatDigests(List<byte[]> digests) {
        try {
            return JSON.writeValueAsString(digests.stream().map(HEX::formatHex).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the share digests as JSON", e);
        }
    }

    private static List<byte[]> parseDigests(String json) {
        try {
            return Arrays.stream(JSON.readValue(json, String[].class)).map(HEX::parseHex).toList();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("seal_config.share_digests is not a JSON array of hex digests", e);
        }
    }
}
