package dev.arca.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.Json;
import dev.arca.server.audit.AuditVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone who can write the audit file but holds none of the vault's keys cuts it, removes it or rewrites it: the
 * server notices at start (and refuses unless told to go on), and its verify names what happened.
 */
class AuditTamperIT {
    @TempDir
    Path dir;

    @Test
    void lastLinesCutWhileStopped_startIsRefused_orUnderWarnRecordedAsABreak() throws IOException {
        var server = writeSome();
        var audit = server.config().auditFile();
        server.close();
        var lines = Files.readAllLines(audit);
        writeLines(audit, lines.subList(0, lines.size() - 2));

        assertThatThrownBy(() -> TestServer.start(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lines were removed from its end")
                .hasMessageContaining("audit_on_mismatch")
                .hasMessageContaining(audit.toString());
        assertThat(Files.readAllLines(audit)).hasSize(lines.size() - 2);

        try (var warned = reopen(server, Map.of("audit_on_mismatch", "warn"))) {
            var verify = warned.root("POST", "/v1/sys/audit/verify", null);
            assertThat(verify.status()).isEqualTo(200);
            assertThat(verify.json().get("notes").toString()).contains("records a break").contains("truncated");
        }
        try (var again = reopen(server, Map.of())) {
            assertThat(again.call("GET", "/v1/sys/health", null, null).status()).as("unsealed, nothing left to report")
                    .isEqualTo(200);
        }
    }

    @Test
    void onPostgres_theHeadIsKeptToo_andACutFileIsRefused() throws IOException {
        var storage = dev.arca.server.storage.TestDatabases.freshPostgres();
        org.junit.jupiter.api.Assumptions.assumeTrue(storage.isPresent(), "no PostgreSQL on 127.0.0.1:5432");
        var server = TestServer.start(dir, storage.get()).initAndUnseal();
        assertThat(server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}").status()).isEqualTo(201);
        var audit = server.config().auditFile();
        server.close();
        var lines = Files.readAllLines(audit);
        writeLines(audit, lines.subList(0, lines.size() - 1));

        assertThatThrownBy(() -> TestServer.start(dir, storage.get())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lines were removed from its end");
    }

    @Test
    void lastLinesCutWhileRunning_serverVerifyReportsTheTruncation() throws IOException {
        try (var server = writeSome()) {
            var audit = server.config().auditFile();
            var lines = Files.readAllLines(audit);
            writeLines(audit, lines.subList(0, lines.size() - 2));

            var verify = server.root("POST", "/v1/sys/audit/verify", null);

            assertThat(verify.status()).isEqualTo(200);
            assertThat(verify.json().get("intact").asBoolean()).isFalse();
            assertThat(verify.json().get("reason").asText()).contains("lines were removed from its end");
        }
    }

    @Test
    void fileRemovedWhileStopped_startIsRefused_andVerifyReportsItMissing() throws IOException {
        var server = writeSome();
        var audit = server.config().auditFile();
        server.close();
        Files.delete(audit);

        assertThatThrownBy(() -> TestServer.start(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is missing or empty").hasMessageContaining("audit_on_mismatch");
        var offline = AuditVerifier.verify(audit);
        assertThat(offline.intact()).isFalse();
        assertThat(offline.reason()).contains("no audit file at " + audit);
        assertThat(Files.exists(audit)).isFalse();

        try (var warned = reopen(server, Map.of("audit_on_mismatch", "warn"))) {
            var verify = warned.root("POST", "/v1/sys/audit/verify", null);
            assertThat(verify.json().get("notes").toString()).contains("records a break").contains("missing");
        }
    }

    @Test
    void everyLineRewrittenWithFreshHashes_isCaughtAtStart_andServerVerifyReportsTheRewrite() throws IOException {
        var server = writeSome();
        var audit = server.config().auditFile();
        server.close();
        writeLines(audit, rewrite(Files.readAllLines(audit)));
        assertThat(AuditVerifier.verify(audit).intact()).as("the SHA-256 chain alone is fooled").isTrue();

        assertThatThrownBy(() -> TestServer.start(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the file was rewritten or replaced");

        try (var warned = reopen(server, Map.of("audit_on_mismatch", "warn"))) {
            var verify = warned.root("POST", "/v1/sys/audit/verify", null);
            assertThat(verify.status()).isEqualTo(200);
            assertThat(verify.json().get("intact").asBoolean()).isFalse();
            assertThat(verify.json().get("reason").asText()).contains("was rewritten: its MAC is not the chain key's");
        }
    }

    @Test
    void everyLineRewrittenWhileRunning_serverVerifyReportsTheRewrite() throws IOException {
        try (var server = writeSome()) {
            var audit = server.config().auditFile();
            writeLines(audit, rewrite(Files.readAllLines(audit)));

            var verify = server.root("POST", "/v1/sys/audit/verify", null);

            assertThat(verify.status()).isEqualTo(200);
            assertThat(verify.json().get("intact").asBoolean()).isFalse();
            assertThat(verify.json().get("reason").asText()).contains("rewritten");
        }
    }

    @Test
    void fileUnlinkedWhileRunning_isNotWrittenIntoTheVoid_verifyAnswersClearly() throws IOException {
        try (var server = writeSome()) {
            var audit = server.config().auditFile();
            Files.delete(audit);

            var write = server.root("PUT", "/v1/vaults/default/secrets/app/after", "{\"value\":\"x\"}");
            var verify = server.root("POST", "/v1/sys/audit/verify", null);

            assertThat(write.status()).isEqualTo(200);
            assertThat(Files.readString(audit)).contains(write.header("X-Request-Id"));
            assertThat(verify.status()).isEqualTo(200);
            assertThat(verify.json().get("intact").asBoolean()).isTrue();
            assertThat(verify.json().get("notes").toString()).contains("records a break").contains("file_missing");
        }
    }

    @Test
    void fileAndDatabaseChangedTogether_areCaughtAtUnseal_whichIsUndone() throws Exception {
        var server = writeSome();
        var audit = server.config().auditFile();
        server.close();
        String forged = "01" + "ab".repeat(36);
        var lines = new ArrayList<>(Files.readAllLines(audit));
        lines.set(lines.size() - 1, lines.getLast().replaceFirst("\"mac\":\"[0-9a-f]+\"", "\"mac\":\"" + forged + "\""));
        writeLines(audit, lines);
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/arca.db"));
                var update = db.prepareStatement("UPDATE audit_heads SET mac = ? WHERE seq = "
                        + "(SELECT MAX(seq) FROM audit_heads WHERE mac IS NOT NULL)")) {
            update.setString(1, forged);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }

        try (var restarted = TestServer.start(dir)) {
            restarted.unseal(server.unsealKeys.get(0));
            restarted.unseal(server.unsealKeys.get(1));
            var third = restarted.unseal(server.unsealKeys.get(2));

            assertThat(third.status()).isEqualTo(503);
            assertThat(third.body()).contains("not unsealed").contains("carries a MAC the chain key did not make");
            assertThat(restarted.call("GET", "/v1/sys/health", null, null).status()).isEqualTo(503);
        }
        try (var warned = reopen(server, Map.of("audit_on_mismatch", "warn"))) {
            assertThat(warned.call("GET", "/v1/sys/health", null, null).status()).isEqualTo(200);
            assertThat(Files.readString(audit)).contains("\"reason\":\"forged_head\"");
            var verify = warned.root("POST", "/v1/sys/audit/verify", null);
            assertThat(verify.json().get("intact").asBoolean()).as("the forged line stays evidence").isFalse();
            assertThat(verify.json().get("reason").asText()).contains("was rewritten: its MAC is not the chain key's");
        }
    }

    /** An initialised, unsealed server that wrote a project and a secret; the last line is a write's response. */
    private TestServer writeSome() {
        var server = TestServer.start(dir).initAndUnseal();
        assertThat(server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}").status()).isEqualTo(201);
        assertThat(server.root("PUT", "/v1/vaults/default/secrets/app/one", "{\"value\":\"x\"}").status()).isEqualTo(200);
        return server;
    }

    /** The same data started again with {@code settings}, unsealed with the first server's keys. */
    private TestServer reopen(TestServer first, Map<String, String> settings) {
        var server = TestServer.start(dir, settings);
        server.rootToken = first.rootToken;
        server.unsealKeys = first.unsealKeys;
        for (int i = 0; i < 3; i++) {
            server.unseal(first.unsealKeys.get(i));
        }
        return server;
    }

    private static void writeLines(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"));
    }

    /**
     * What someone without the keys can do to every line: change a character of its content (one that keeps the
     * length), then chain it afresh with recomputed SHA-256 hashes, as the format says; a MAC cannot be remade.
     */
    private static List<String> rewrite(List<String> lines) throws IOException {
        var mapper = Json.lenient();
        var out = new ArrayList<String>();
        String prev = "0".repeat(64);
        for (String line : lines) {
            @SuppressWarnings("unchecked")
            TreeMap<String, Object> fields = mapper.readValue(line, TreeMap.class);
            fields.remove("hash");
            Object mac = fields.remove("mac");
            fields.put("request_id", "req_" + "X".repeat(((String) fields.get("request_id")).length() - 4));
            fields.put("prev_hash", prev);
            var digest = sha256();
            digest.update((prev + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(canonical(mapper, fields));
            prev = HexFormat.of().formatHex(digest.digest());
            fields.put("hash", prev);
            if (mac != null) {
                fields.put("mac", mac);
            }
            out.add(new String(canonical(mapper, fields), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static byte[] canonical(com.fasterxml.jackson.databind.ObjectMapper mapper, TreeMap<String, Object> fields)
            throws IOException {
        return mapper.copy().enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .writeValueAsBytes(fields);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
