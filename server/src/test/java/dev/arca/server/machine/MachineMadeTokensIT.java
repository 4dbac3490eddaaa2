package dev.arca.server.machine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestClock;
import dev.arca.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine that signs its requests has no token to be the parent of the tokens it makes: they act as the
 * machine, end no later than an ephemeral machine does, and go when the machine is revoked.
 */
class MachineMadeTokensIT {
    private static final String SECRET = "/v1/vaults/default/secrets/app/db";

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    TestServer server;
    final MachineKeys keys = MachineKeys.generate();

    @BeforeEach
    void start() {
        server = TestServer.start(dir, Map.of(), clock).initAndUnseal();
        server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
        server.root("PUT", SECRET, "{\"value\":\"s3cr3t\"}");
        assertThat(server.root("PUT", "/v1/vaults/default/policies/maker",
                "{\"rules\":[{\"path\":\"_tokens\",\"permissions\":[\"create\"]}]}").status()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void ephemeralMachine_makesTokensThatEndWhenItDoes() {
        JsonNode machine = enroll("{\"ephemeral\":true,\"machine_ttl\":\"10m\",\"secrets\":[\"app/db\"]}");
        String child = createSigned(machine.path("machine_id").asText(), "{\"vault\":\"default\",\"ttl\":\"24h\"}");
        JsonNode view = server.call("GET", "/v1/tokens/self", child, null).json();
        assertThat(view.path("owner").asText()).isEqualTo("machine:" + machine.path("machine_id").asText());
        assertThat(Instant.parse(view.path("max_expires_at").asText()))
                .isEqualTo(Instant.parse(machine.path("expires_at").asText()));
        assertThat(server.call("GET", SECRET, child, null).status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(11));

        assertThat(server.call("GET", SECRET, child, null).status()).isEqualTo(401);
    }

    @Test
    void revokedMachine_takesTheTokensItMadeWithIt() {
        JsonNode machine = enroll("{\"secrets\":[\"app/db\"],\"auto_approve\":true}");
        String id = machine.path("machine_id").asText();
        String child = createSigned(id, "{\"vault\":\"default\"}");
        assertThat(server.call("GET", SECRET, child, null).status()).isEqualTo(200);

        assertThat(server.root("POST", "/v1/vaults/default/machines/" + id + "/revoke", null).status())
                .isEqualTo(200);

        assertThat(server.call("GET", "/v1/tokens/self", child, null).status()).isEqualTo(401);
    }

    private JsonNode enroll(String settings) {
        var token = server.root("POST", "/v1/vaults/default/enrollment-tokens", settings);
        assertThat(token.status()).as(token.body()).isEqualTo(201);
        var enrolled = server.call("POST", "/v1/enroll", null, "{\"vault\":\"default\",\"token\":\""
                + token.json().path("token").asText() + "\",\"public_key\":\"" + keys.publicKeyBase64() + "\"}");
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
        var bound = server.root("POST", "/v1/vaults/default/policies/maker/bindings",
                "{\"subject\":\"machine:" + enrolled.json().path("machine_id").asText() + "\"}");
        assertThat(bound.status()).as(bound.body()).isEqualTo(204);
        return enrolled.json();
    }

    private String createSigned(String machineId, String body) {
        Map<String, String> headers = keys.sign(machineId, "POST", "/v1/tokens",
                body.getBytes(StandardCharsets.UTF_8), clock.instant().getEpochSecond());
        var created = server.call("POST", "/v1/tokens", null, body, headers);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("token").asText();
    }
}
