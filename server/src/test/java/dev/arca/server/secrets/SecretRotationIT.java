package dev.arca.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a rotation answers over real HTTP, by path and by id: status, versions, the grace's end, and the new value
 * only for a caller that may read the secret; per-field generation of structured secrets; and the bad requests,
 * each a 400 naming its part, that change nothing.
 */
class SecretRotationIT {
    private static final String SECRETS = "/v1/vaults/default/secrets/";

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---- the answer

    @Test
    void rotateByPath_answersStatusVersionsGraceAndTheGeneratedValue() {
        String id = put("app/k", "{\"type\":\"password\",\"value\":\"old\"}").path("id").asText();
        Instant before = Instant.now();
        var rotated = rotate("app/k", "{\"generate\":{\"length\":24},\"grace\":\"1h\"}");
        Instant after = Instant.now();
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        JsonNode answer = rotated.json();
        assertThat(answer.path("id").asText()).isEqualTo(id);
        assertThat(answer.path("path").asText()).isEqualTo("app/k");
        assertThat(answer.path("status").asText()).isEqualTo("rotated");
        assertThat(answer.path("version").asInt()).isEqualTo(2);
        assertThat(answer.path("previous_version").asInt()).isEqualTo(1);
        assertThat(Instant.parse(answer.path("previous_until").asText()))
                .isBetween(before.plus(Duration.ofHours(1)).minusMillis(1), after.plus(Duration.ofHours(1)));
        assertThat(answer.has("fields")).isFalse();
        String current = read("app/k").path("value").asText();
        assertThat(current).hasSize(24).isNotEqualTo("old");
        assertThat(answer.path("value").asText()).isEqualTo(current);
    }

    @Test
    void rotateWithoutGrace_hasNoPreviousUntil_andEchoesAGivenValueToAReader() {
        put("app/k", "{\"value\":\"v1\"}");
        JsonNode answer = rotate("app/k", "{\"value\":\"v2\"}").json();
        assertThat(answer.path("previous_version").asInt()).isEqualTo(1);
        assertThat(answer.has("previous_until")).isFalse();
        assertThat(answer.path("value").asText()).isEqualTo("v2");
        answer = rotate("app/k", "{\"value\":\"v3\",\"grace\":\"10m\"}").json();
        assertThat(answer.path("version").asInt()).isEqualTo(3);
        assertThat(answer.path("previous_version").asInt()).isEqualTo(2);
        assertThat(answer.has("previous_until")).isTrue();
    }

    @Test
    void rotateById_answersAsByPath_andUnknownIdsAreRefusedWithoutSayingSo() {
        String id = put("app/db", "{\"type\":\"connection\",\"fields\":{\"user\":\"admin\",\"password\":\"p1\"}}")
                .path("id").asText();
        var rotated = server.root("POST", "/v1/secrets/" + id + "/rotate",
                "{\"fields\":{\"user\":\"admin\",\"password\":\"p2\"},\"reason\":\"by id\"}");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        JsonNode answer = rotated.json();
        assertThat(answer.path("id").asText()).isEqualTo(id);
        assertThat(answer.path("path").asText()).isEqualTo("app/db");
        assertThat(answer.path("status").asText()).isEqualTo("rotated");
        assertThat(answer.path("version").asInt()).isEqualTo(2);
        assertThat(answer.path("previous_version").asInt()).isEqualTo(1);
        assertThat(answer.has("value")).isFalse();
        assertThat(answer.path("fields").path("password").asText()).isEqualTo("p2");
        assertThat(read("app/db").path("fields").path("password").asText()).isEqualTo("p2");
        assertThat(server.root("GET", SECRETS + "app/db/metadata", null).json().path("versions").get(1)
                .path("rotation_reason").asText()).isEqualTo("by id");

        assertThat(server.root("POST", "/v1/secrets/sk_unknown/rotate", "{\"value\":\"x\"}").status())
                .isEqualTo(404);
        String rotator = tokenWith("rotators", "[{\"path\":\"app/**\",\"permissions\":[\"rotate\",\"read\"]}]");
        var unknown = server.call("POST", "/v1/secrets/sk_unknown/rotate", rotator, "{\"value\":\"x\"}");
        server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"ops\"}");
        String outside = put("ops/k", "{\"value\":\"v\"}").path("id").asText();
        var forbidden = server.call("POST", "/v1/secrets/" + outside + "/rotate", rotator, "{\"value\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(403);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().path("error").path("message").asText())
                .isEqualTo(unknown.json().path("error").path("message").asText()).doesNotContain("ops");
        assertThat(read("ops/k").path("version").asInt()).isEqualTo(1);
    }

    @Test
    void callerThatMayRotateButNotRead_getsNoValue_byPathNorById() {
        String id = put("app/k", "{\"type\":\"password\",\"value\":\"old\"}").path("id").asText();
        put("app/db", "{\"type\":\"connection\",\"fields\":{\"user\":\"admin\",\"password\":\"p1\"}}");
        String rotateOnly = tokenWith("rotate-only", "[{\"path\":\"app/**\",\"permissions\":[\"rotate\"]}]");

        var byPath = server.call("POST", SECRETS + "app/k/rotate", rotateOnly, "{\"generate\":{}}");
        var byId = server.call("POST", "/v1/secrets/" + id + "/rotate", rotateOnly, "{\"value\":\"given\"}");
        var fields = server.call("POST", SECRETS + "app/db/rotate", rotateOnly, "{\"generate_fields\":[\"password\"]}");
        for (var response : List.of(byPath, byId, fields)) {
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.json().has("value")).as(response.body()).isFalse();
            assertThat(response.json().has("fields")).as(response.body()).isFalse();
            assertThat(response.json().path("status").asText()).isEqualTo("rotated");
        }
        assertThat(byPath.json().path("version").asInt()).isEqualTo(2);
        assertThat(byId.json().path("version").asInt()).isEqualTo(3);
        assertThat(byId.json().path("previous_version").asInt()).isEqualTo(2);
        assertThat(read("app/k").path("value").asText()).isEqualTo("given");
        assertThat(fields.body()).doesNotContain(read("app/db").path("fields").path("password").asText());
        assertThat(server.call("GET", SECRETS + "app/k", rotateOnly, null).status()).isEqualTo(403);

        String reader = tokenWith("readers", "[{\"path\":\"app/**\",\"permissions\":[\"read\"]}]");
        assertThat(server.call("POST", SECRETS + "app/k/rotate", reader, "{\"generate\":{}}").status()).isEqualTo(403);
        assertThat(server.call("POST", "/v1/secrets/" + id + "/rotate", reader, "{\"generate\":{}}").status())
                .isEqualTo(403);
        assertThat(read("app/k").path("version").asInt()).isEqualTo(3);

        String both = tokenWith("rotate-read", "[{\"path\":\"app/**\",\"permissions\":[\"rotate\",\"read\"]}]");
        var readable = server.call("POST", "/v1/secrets/" + id + "/rotate", both, "{\"generate\":{}}");
        assertThat(readable.json().path("value").asText()).isEqualTo(read("app/k").path("value").asText())
                .hasSize(32);
    }

    // ---- per-field generation

    @Test
    void generateFields_generatesThoseFields_andKeepsTheOthers() {
        put("app/db", "{\"type\":\"connection\",\"fields\":{\"username\":\"admin\",\"host\":\"db.internal\","
                + "\"password\":\"p1\",\"token\":\"t1\"}}");
        var rotated = rotate("app/db", "{\"generate_fields\":[\"password\"],\"generate\":{\"length\":20,"
                + "\"symbols\":false},\"grace\":\"1h\"}");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        JsonNode fields = read("app/db").path("fields");
        assertThat(fields.path("username").asText()).isEqualTo("admin");
        assertThat(fields.path("host").asText()).isEqualTo("db.internal");
        assertThat(fields.path("token").asText()).isEqualTo("t1");
        assertThat(fields.path("password").asText()).hasSize(20).matches("[A-Za-z0-9]+");
        assertThat(rotated.json().path("fields")).isEqualTo(fields);
        assertThat(read("app/db").path("type").asText()).isEqualTo("connection");
        assertThat(read("app/db?version=previous").path("fields").path("password").asText()).isEqualTo("p1");

        JsonNode twice = rotate("app/db", "{\"generate_fields\":[\"password\",\"token\"]}").json();
        assertThat(twice.path("version").asInt()).isEqualTo(3);
        JsonNode after = read("app/db").path("fields");
        assertThat(after.path("password").asText()).hasSize(32).isNotEqualTo(fields.path("password").asText());
        assertThat(after.path("token").asText()).hasSize(32).isNotEqualTo("t1")
                .isNotEqualTo(after.path("password").asText());
        assertThat(after.path("username").asText()).isEqualTo("admin");
        assertThat(server.root("GET", SECRETS + "app/db/metadata", null).json().path("field_names").toString())
                .isEqualTo("[\"host\",\"password\",\"token\",\"username\"]");
    }

    // ---- bad input

    @Test
    void badPerFieldRotations_are400NamingThePart_andChangeNothing() {
        put("app/db", "{\"type\":\"connection\",\"fields\":{\"user\":\"admin\",\"password\":\"p1\"}}");
        put("app/k", "{\"type\":\"password\",\"value\":\"v1\"}");
        expect400("app/db", "{\"generate_fields\":[]}", "invalid_request", "generate_fields");
        expect400("app/db", "{\"generate_fields\":[null]}", "invalid_request", "generate_fields");
        expect400("app/db", "{\"generate_fields\":[\"password\",\"password\"]}", "invalid_request",
                "generate_fields");
        expect400("app/db", "{\"generate_fields\":[\"pasword\"]}", "invalid_request", "generate_fields");
        expect400("app/db", "{\"generate_fields\":[\"password\"],\"fields\":{\"user\":\"x\"}}", "invalid_request",
                "generate_fields");
        expect400("app/db", "{\"generate_fields\":[\"password\"],\"value\":\"x\"}", "invalid_request",
                "generate_fields");
        expect400("app/db", "{\"generate_fields\":[\"password\"],\"generate\":{\"length\":7}}", "invalid_request",
                "generate.length");
        expect400("app/db", "{\"generate\":{}}", "secret_structure", "generate");
        expect400("app/k", "{\"generate_fields\":[\"password\"]}", "secret_structure", "generate_fields");
        expect400("app/k", "{\"value\":\"a\",\"generate\":{}}", "invalid_request", "value");
        expect400("app/k", "{\"value\":\"a\",\"grace\":\"31d\"}", "invalid_request", "grace");
        assertThat(rotate("app/db", "{\"generate_fields\":\"password\"}").status()).isEqualTo(400);

        var unknown = rotate("app/db", "{\"generate_fields\":[\"pasword\"]}").json().path("error");
        assertThat(unknown.path("message").asText()).contains("'pasword'", "password, user");
        assertThat(unknown.path("details").path("available").toString()).isEqualTo("[\"password\",\"user\"]");
        assertThat(read("app/db").path("version").asInt()).isEqualTo(1);
        assertThat(read("app/db").path("fields").path("password").asText()).isEqualTo("p1");
        assertThat(read("app/k").path("version").asInt()).isEqualTo(1);
    }

    // ---- helpers

    private void expect400(String path, String body, String code, String field) {
        var response = rotate(path, body);
        assertThat(response.status()).as(body).isEqualTo(400);
        assertThat(response.errorCode()).as(body).isEqualTo(code);
        assertThat(response.json().path("error").path("details").path("field").asText()).as(body).isEqualTo(field);
    }

    private JsonNode put(String path, String body) {
        var response = server.root("PUT", SECRETS + path, body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private TestServer.Response rotate(String path, String body) {
        return server.root("POST", SECRETS + path + "/rotate", body);
    }

    private JsonNode read(String pathAndQuery) {
        var response = server.root("GET", SECRETS + pathAndQuery, null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** A vault token whose only policy is {@code name} with these rules. */
    private String tokenWith(String name, String rules) {
        assertThat(server.root("PUT", "/v1/vaults/default/policies/" + name, "{\"rules\":" + rules + "}").status())
                .isEqualTo(200);
        var created = server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\"" + name + "\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("token").asText();
    }
}
