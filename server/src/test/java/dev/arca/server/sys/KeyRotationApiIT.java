package dev.arca.server.sys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/sys/rotate} and {@code GET /v1/sys/key-status} through HTTP, over every kind of value the server
 * seals (secret versions, transit key material, TOTP secrets), with writes going on during the rewrap; the ciphertexts'
 * key-id prefixes are read from the SQLite file itself.
 */
class KeyRotationApiIT {
    private static final String V = "/v1/vaults/default";
    private static final int SECRETS = 30;
    private static final List<String> SEALED = List.of(
            "SELECT ciphertext FROM secret_versions WHERE ciphertext IS NOT NULL",
            "SELECT ciphertext FROM key_material",
            "SELECT totp_secret FROM users WHERE totp_secret IS NOT NULL");

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        expect(201, server.root("POST", V + "/projects", "{\"name\":\"app\"}"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void rotate_rewrapsEveryStoredValueUnderTheNewKey_writesDuringItAreKept_andEverythingStillReads()
            throws Exception {
        for (int i = 0; i < SECRETS; i++) {
            put("app/s" + i, "first " + i);
            put("app/s" + i, "second " + i);
        }
        expect(201, server.root("POST", V + "/transit/app/k", "{}"));
        String transitCiphertext = expect(200, server.root("POST", V + "/transit/app/k/encrypt",
                "{\"plaintext\":\"aGVsbG8=\"}")).json().path("ciphertext").asText();
        expect(201, server.root("POST", V + "/users", "{\"username\":\"alice\",\"password\":\"a long password 1\"}"));
        expect(200, server.root("POST", V + "/users/alice/totp", null));
        Set<String> before = prefixes();
        assertThat(before).as("one vault, one key version").hasSize(1);

        JsonNode rotated = expect(200, server.root("POST", "/v1/sys/rotate", "{\"batch_size\":3}")).json();
        assertThat(rotated.path("term").asInt()).isEqualTo(2);
        assertThat(rotated.path("rewrap").path("batch_size").asInt()).isEqualTo(3);
        assertThat(rotated.path("rewrap").path("total").asLong()).isEqualTo(2L * SECRETS + 2);
        Map<String, String> latest = new java.util.HashMap<>();
        for (int round = 0; round < 3; round++) { // while the rewrap runs: new versions, a transit key version
            for (int i = 0; i < SECRETS; i += 3) {
                String value = "during " + round + " " + i;
                put("app/s" + i, value);
                latest.put("app/s" + i, value);
            }
            expect(200, server.root("POST", V + "/transit/app/k/rotate", null));
        }
        JsonNode done = awaitComplete();

        assertThat(done.path("rewrap").path("skipped").asLong()).isZero();
        assertThat(done.path("rewrap").path("done").asLong()).isEqualTo(done.path("rewrap").path("total").asLong());
        Set<String> after = prefixes();
        assertThat(after).as("every value under one key version, not the one before").hasSize(1)
                .doesNotContainAnyElementsOf(before);
        for (int i = 0; i < SECRETS; i++) {
            String path = "app/s" + i;
            assertThat(expect(200, server.root("GET", V + "/secrets/" + path, null)).json().path("value").asText())
                    .isEqualTo(latest.getOrDefault(path, "second " + i));
            assertThat(expect(200, server.root("GET", V + "/secrets/" + path + "?version=1", null)).json()
                    .path("value").asText()).isEqualTo("first " + i);
        }
        assertThat(expect(200, server.root("POST", V + "/transit/app/k/decrypt",
                "{\"ciphertext\":\"" + transitCiphertext + "\"}")).json().path("plaintext").asText())
                .isEqualTo("aGVsbG8=");
        // the TOTP secret decrypts: a wrong code is a 400 naming the code, not a failure to open it
        var wrongCode = server.root("POST", V + "/users/alice/totp/confirm", "{\"code\":\"000000\"}");
        assertThat(wrongCode.status()).as(wrongCode.body()).isIn(400, 200);
        assertThat(java.nio.file.Files.readString(server.config().auditFile())).as("the rotation is audited")
                .contains("sys.rotate").doesNotContain("second 1");
    }

    @Test
    void keyStatus_beforeAnyRotation_isTermOne_withoutARewrap() {
        JsonNode status = expect(200, server.root("GET", "/v1/sys/key-status", null)).json();

        assertThat(status.path("term").asInt()).isEqualTo(1);
        assertThat(status.path("installed_at").asText()).isNotEmpty();
        assertThat(status.has("rewrap")).as("no rewrap before the first rotation").isFalse();
    }

    @Test
    void rotate_sealed_is503_nonRoot_is403_badBatchSize_is400_andNoneChangesTheTerm() {
        var child = server.root("POST", "/v1/tokens", "{\"policies\":[\"reader\"]}").json().path("token").asText();
        assertThat(server.call("POST", "/v1/sys/rotate", child, "{}").status()).isEqualTo(403);
        assertThat(server.call("GET", "/v1/sys/key-status", child, null).status()).isEqualTo(403);
        assertThat(server.call("POST", "/v1/sys/rotate", null, "{}").status()).isEqualTo(401);
        var bad = server.root("POST", "/v1/sys/rotate", "{\"batch_size\":0}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("batch_size");
        assertThat(expect(200, server.root("GET", "/v1/sys/key-status", null)).json().path("term").asInt())
                .isEqualTo(1);

        expect(200, server.root("POST", "/v1/sys/seal", null));
        var sealed = server.root("POST", "/v1/sys/rotate", "{}");
        assertThat(sealed.status()).isEqualTo(503);
        assertThat(sealed.errorCode()).isEqualTo("sealed");
        assertThat(server.root("GET", "/v1/sys/key-status", null).status()).isEqualTo(503);
    }

    private void put(String path, String value) {
        expect(200, server.root("PUT", V + "/secrets/" + path, "{\"value\":\"" + value + "\"}"));
    }

    private JsonNode awaitComplete() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode status;
        do {
            Thread.sleep(100);
            status = expect(200, server.root("GET", "/v1/sys/key-status", null)).json();
        } while (!"complete".equals(status.path("rewrap").path("state").asText()) && System.nanoTime() < deadline);
        assertThat(status.path("rewrap").path("state").asText()).as(status.toString()).isEqualTo("complete");
        return status;
    }

    /** The distinct Tink prefixes (version byte and key id) of every sealed value in the database. */
    private Set<String> prefixes() throws SQLException {
        Set<String> found = new HashSet<>();
        List<String> empty = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + server.config().storage().sqliteFile())) {
            for (String query : SEALED) {
                int rows = 0;
                try (var rs = c.createStatement().executeQuery(query)) {
                    while (rs.next()) {
                        found.add(HexFormat.of().formatHex(rs.getBytes(1), 0, 5));
                        rows++;
                    }
                }
                if (rows == 0) {
                    empty.add(query);
                }
            }
        }
        assertThat(empty).as("tables without a sealed value").isEmpty();
        return found;
    }

    private static TestServer.Response expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}
