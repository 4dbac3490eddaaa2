package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SecretOperations#rotate}: the route by path or id, the typed result, and the cache it clears. */
class SecretRotationTest {
    private static final String BY_PATH = "POST /v1/vaults/default/secrets/app/db/rotate";
    private static final String BY_ID = "POST /v1/secrets/sk_1/rotate";
    private static final String READ = "GET /v1/vaults/default/secrets/app/db";

    private final FakeArca server = new FakeArca();
    private ArcaClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private SecretOperations secrets(Duration cacheTtl) {
        client = ArcaClient.builder().address(server.address()).token("arca_tok").vault("default")
                .cacheTtl(cacheTtl).build();
        return client.secrets();
    }

    @Test
    void rotateByPath_sendsTheBuiltRequest_andDecodesTheResult() {
        server.on(BY_PATH, 200, "{\"id\":\"sk_1\",\"path\":\"app/db\",\"status\":\"rotated\",\"version\":3,"
                + "\"previous_version\":2,\"previous_until\":\"2026-01-02T03:04:05Z\",\"fields\":{\"user\":\"admin\","
                + "\"password\":\"n3w\"}}");
        Secret.Rotated rotated = secrets(Duration.ZERO).rotate("app/db", Secret.Rotate.builder()
                .generateField("password").reason("scheduled").grace(Duration.ofHours(1)).build());

        assertThat(server.last().body()).isEqualTo("{\"generate_fields\":[\"password\"],\"reason\":\"scheduled\","
                + "\"grace\":\"1h\"}");
        assertThat(rotated.status()).isEqualTo(Secret.Rotated.ROTATED);
        assertThat(rotated.version()).isEqualTo(3);
        assertThat(rotated.previousVersion()).isEqualTo(2);
        assertThat(rotated.previousUntil()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(rotated.value()).isNull();
        assertThat(SecretText.revealAll(rotated.fields())).containsEntry("password", "n3w").containsEntry("user",
                "admin");
        assertThat(rotated.written()).isEqualTo(new Secret.Written("sk_1", "app/db", 3));
        assertThat(rotated.toString()).doesNotContain("n3w");
    }

    @Test
    void rotateAnId_usesTheByIdRoute_andAnAnswerWithoutValueHasNone() {
        server.on(BY_ID, 200, "{\"id\":\"sk_1\",\"path\":\"app/key\",\"status\":\"rotated\",\"version\":2,"
                + "\"previous_version\":1}");
        Secret.Rotated rotated = secrets(Duration.ZERO).rotate("sk_1", Secret.Rotate.builder().generate().build());
        assertThat(server.last().route()).isEqualTo(BY_ID);
        assertThat(server.last().body()).isEqualTo("{\"generate\":{}}");
        assertThat(rotated.path()).isEqualTo("app/key");
        assertThat(rotated.value()).isNull();
        assertThat(rotated.fields()).isNull();
        assertThat(rotated.previousUntil()).isNull();
    }

    @Test
    void rotateById_needsNoVault() {
        server.on(BY_ID, 200, "{\"id\":\"sk_1\",\"path\":\"app/key\",\"status\":\"rotated\",\"version\":2,"
                + "\"previous_version\":1,\"value\":\"generated\"}");
        client = ArcaClient.builder().address(server.address()).token("arca_tok").build();
        Secret.Rotated rotated = client.secrets().rotateById("sk_1", Secret.Rotate.builder().generate().build());
        assertThat(rotated.value().reveal()).isEqualTo("generated");
    }

    @Test
    void rotation_byPathOrById_dropsTheCachedReads_evenWhenItFails() {
        server.on(READ, 200, "{\"id\":\"sk_1\",\"path\":\"app/db\",\"version\":1,\"type\":\"string\","
                + "\"value\":\"v\"}")
                .on(BY_PATH, 200, "{\"id\":\"sk_1\",\"path\":\"app/db\",\"status\":\"rotated\",\"version\":2,"
                        + "\"previous_version\":1}")
                .on(BY_ID, 409, "{\"error\":{\"code\":\"conflict\",\"message\":\"secret app/db is deleted\"}}");
        var secrets = secrets(Duration.ofMinutes(5));
        secrets.read("app/db");
        secrets.read("app/db");
        secrets.rotate("app/db", Secret.Rotate.builder().value("w").build());
        secrets.read("app/db");
        assertThatThrownBy(() -> secrets.rotate("sk_1", Secret.Rotate.builder().value("x").build()))
                .isInstanceOf(ConflictException.class);
        secrets.read("app/db");
        secrets.read("app/db");
        assertThat(server.requests().stream().filter(r -> r.route().equals(READ)).count()).isEqualTo(3);
    }

    @Test
    void impossibleRotations_areRefusedBeforeSending() {
        var secrets = secrets(Duration.ZERO);
        assertThatThrownBy(() -> secrets.rotate("app/db", Secret.Rotate.builder().value("v").generateField("p")
                .build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> Secret.Rotate.builder().grace(Duration.ofDays(31)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.requests()).isEmpty();
    }
}
