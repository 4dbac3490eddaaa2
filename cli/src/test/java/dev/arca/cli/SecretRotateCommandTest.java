package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.sdk.FakeArca;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca secret rotate}: the request it builds, by path or id, and what it prints of the server's answer. */
class SecretRotateCommandTest {
    private static final String NL = System.lineSeparator();
    private static final String BY_PATH = "POST /v1/vaults/prod/secrets/app/db/rotate";

    @TempDir
    Path home;

    private final FakeArca server = new FakeArca();

    private Cli cli() {
        return new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", home.toString())
                .with("ARCA_VAULT", "prod");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void generateField_isRepeatable_andPrintsOnlyTheGeneratedFields() {
        server.on(BY_PATH, 200, "{\"id\":\"sk_2\",\"path\":\"app/db\",\"status\":\"rotated\",\"version\":4,"
                + "\"previous_version\":3,\"previous_until\":\"2026-01-02T04:04:05.000Z\",\"fields\":{\"user\":\"admin\","
                + "\"password\":\"n3w-pass\",\"token\":\"n3w-token\"}}");
        var result = cli().run("secret", "rotate", "app/db", "--generate-field", "password", "--generate-field",
                "token", "--length", "40", "--grace", "1h");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(server.last().body()).isEqualTo("{\"generate\":{\"length\":40},\"generate_fields\":[\"password\","
                + "\"token\"],\"grace\":\"1h\"}");
        assertThat(result.out()).startsWith("Rotated app/db to version 4 (sk_2), status rotated" + NL
                        + "Previous version 3: readable as --version previous until 2026-01-02T04:04:05.000Z" + NL)
                .contains("password", "n3w-pass", "token", "n3w-token").doesNotContain("admin");
    }

    @Test
    void generateField_withoutOptions_sendsNoGenerate() {
        server.on(BY_PATH, 200, "{\"id\":\"sk_2\",\"path\":\"app/db\",\"status\":\"rotated\",\"version\":2,"
                + "\"previous_version\":1}");
        var result = cli().run("secret", "rotate", "app/db", "--generate-field", "password");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(server.last().body()).isEqualTo("{\"generate_fields\":[\"password\"]}");
        assertThat(result.out()).isEqualTo("Rotated app/db to version 2 (sk_2), status rotated" + NL
                + "Previous version 1: retired at once (no grace)" + NL
                + "The generated value was not returned: this identity may rotate app/db but not read it." + NL);
    }

    @Test
    void byId_usesTheIdRoute_andJsonPrintsTheWholeAnswer() throws IOException {
        server.on("POST /v1/secrets/sk_9/rotate", 200, "{\"id\":\"sk_9\",\"path\":\"app/key\",\"status\":\"rotated\","
                + "\"version\":2,\"previous_version\":1,\"value\":\"generated-1\"}");
        var result = new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", home.toString())
                .run("secret", "rotate", "sk_9", "--generate", "--format", "json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode printed = Json.lenient().readTree(result.out());
        assertThat(printed.path("status").asText()).isEqualTo("rotated");
        assertThat(printed.path("previous_version").asInt()).isEqualTo(1);
        assertThat(printed.path("value").asText()).isEqualTo("generated-1");
    }

    @Test
    void aGeneratedValue_isPrinted_aGivenOneIsNot() {
        server.on("POST /v1/vaults/prod/secrets/app/key/rotate", 200, "{\"id\":\"sk_1\",\"path\":\"app/key\","
                + "\"status\":\"rotated\",\"version\":2,\"previous_version\":1,\"value\":\"from-server\"}");
        assertThat(cli().run("secret", "rotate", "app/key", "--generate").out())
                .endsWith("Generated value: from-server" + NL);
        assertThat(cli().run("secret", "rotate", "app/key", "--value", "typed").out())
                .doesNotContain("from-server").doesNotContain("Generated");
    }

    @Test
    void badGenerateFieldUse_isUsageError_andSendsNothing() {
        var arca = cli();
        assertThat(arca.run("secret", "rotate", "app/db", "--generate", "--generate-field", "password").exitCode())
                .isEqualTo(2);
        assertThat(arca.run("secret", "rotate", "app/db", "--field", "a=b", "--generate-field", "password")
                .exitCode()).isEqualTo(2);
        assertThat(arca.run("secret", "rotate", "app/db", "--generate-field", "password", "--generate-field",
                "password").exitCode()).isEqualTo(2);
        assertThat(arca.run("secret", "rotate", "app/db", "--generate-field", " ").exitCode()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }
}
