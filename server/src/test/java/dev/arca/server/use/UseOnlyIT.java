package dev.arca.server.use;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A principal holding only {@code use} on {@code app/**} tries every route that could reveal a value and never gets
 * one, while using the secret works (docs/API-use.md "Permissions").
 */
class UseOnlyIT {
    private static final String VAULT = "/v1/vaults/default";
    private static final String V = VAULT + "/secrets/";
    private static final String VALUE = "use-only-value-7Qx9";
    private static final String FIELD_VALUE = "use-only-field-3Zp1";

    @TempDir
    Path dir;
    TestServer server;
    Upstream upstream;
    String useOnly;
    String id;

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        upstream = new Upstream();
        expect(201, server.root("POST", VAULT + "/projects", "{\"name\":\"app\"}"));
        id = server.root("PUT", V + "app/token", "{\"value\":\"" + VALUE + "\"}").json().path("id").asText();
        expect(200, server.root("PUT", V + "app/login", "{\"fields\":{\"password\":\"" + FIELD_VALUE + "\"}}"));
        expect(200, server.root("PUT", V + "app/token/egress",
                "{\"allow\":[\"" + upstream.url("/") + "\"],\"methods\":[\"GET\"]}"));
        useOnly = tokenWith("use-only", "\"use\"");
    }

    @AfterEach
    void stop() {
        upstream.close();
        server.close();
    }

    @Test
    void everyRouteThatCouldRevealTheValue_refusesAUseOnlyPrincipal() {
        forbidden(server.call("GET", V + "app/token", useOnly, null));
        forbidden(server.call("GET", V + "app/token?version=1", useOnly, null));
        forbidden(server.call("GET", "/v1/secrets/" + id, useOnly, null));
        forbidden(server.call("GET", V + "app/login?field=password", useOnly, null));
        forbidden(server.call("GET", V + "app/token/metadata", useOnly, null));
        forbidden(server.call("GET", "/v1/secrets/" + id + "/watch?since=0&wait=1s", useOnly, null));
        forbidden(server.call("GET", VAULT + "/events?secrets=" + id, useOnly, null));
        forbidden(server.call("POST", V + "app/token/use", useOnly,
                "{\"operation\":\"http_header\",\"header_type\":\"bearer\"}"));
        forbidden(server.call("POST", V + "app/token/retrieve", useOnly, "{\"ttl\":\"1m\"}"));
        forbidden(server.call("POST", V + "app/login/retrieve", useOnly, null));

        var batch = server.call("POST", V + "batch", useOnly, "{\"paths\":[\"app/token\",\"app/login\"],\"ids\":[\""
                + id + "\"]}");
        expect(200, batch);
        assertThat(batch.json().path("secrets")).isEmpty();
        assertThat(batch.json().path("errors").path("app/token").path("code").asText()).isEqualTo("access_denied");
        assertThat(batch.json().path("errors").path(id).path("code").asText()).isEqualTo("access_denied");
        noValueIn(batch);

        var export = server.call("GET", VAULT + "/export?project=app", useOnly, null);
        expect(200, export);
        assertThat(export.json().path("variables")).isEmpty();
        noValueIn(export);

        var resolve = server.call("POST", VAULT + "/resolve", useOnly,
                "{\"refs\":[\"arca://app/token\",\"arca://app/login/field/password\",\"arca://" + id + "\"]}");
        expect(200, resolve);
        assertThat(resolve.json().path("values")).isEmpty();
        assertThat(resolve.json().path("errors").path("arca://app/token").path("code").asText())
                .isEqualTo("access_denied");
        noValueIn(resolve);
        assertThat(upstream.seen).isEmpty();
    }

    @Test
    void aUseOnlyPrincipal_canCallWithTheSecretAndSign_withoutSeeingIt() {
        var call = server.call("POST", V + "app/token/use", useOnly, "{\"operation\":\"http_request\",\"url\":\""
                + upstream.url("/echo") + "\"}");
        expect(200, call);
        assertThat(upstream.seen.getFirst().header("Authorization")).isEqualTo("Bearer " + VALUE);
        noValueIn(call);

        var sign = server.call("POST", V + "app/login/use", useOnly,
                "{\"operation\":\"sign\",\"algorithm\":\"hmac-sha256\",\"data\":\"payload\",\"field\":\"password\"}");
        expect(200, sign);
        noValueIn(sign);
        var verify = server.call("POST", V + "app/login/use", useOnly, "{\"operation\":\"verify\","
                + "\"algorithm\":\"hmac-sha256\",\"data\":\"payload\",\"field\":\"password\",\"signature\":\""
                + sign.json().path("signature").asText() + "\"}");
        expect(200, verify);
        assertThat(verify.json().path("valid").asBoolean()).isTrue();
    }

    @Test
    void useHeader_isAGrantablePermission_thatAnswersTheHeader() {
        String withHeader = tokenWith("use-header", "\"use\",\"use:header\"");
        assertThat(server.root("GET", VAULT + "/policies/use-header", null).body()).contains("use:header");
        var header = server.call("POST", V + "app/token/use", withHeader,
                "{\"operation\":\"http_header\",\"header_type\":\"api_key\",\"header_name\":\"X-Token\"}");
        expect(200, header);
        assertThat(header.json().path("header_name").asText()).isEqualTo("X-Token");
        assertThat(header.json().path("header_value").asText()).isEqualTo(VALUE);
        forbidden(server.call("GET", V + "app/token", withHeader, null));
    }

    @Test
    void withoutUse_noOperationRuns() {
        String reader = tokenWith("list-only", "\"list\"");
        forbidden(server.call("POST", V + "app/token/use", reader, "{\"operation\":\"sign\","
                + "\"algorithm\":\"hmac-sha256\",\"data\":\"x\"}"));
        forbidden(server.call("POST", V + "app/token/use", reader, "{\"operation\":\"http_request\",\"url\":\""
                + upstream.url("/echo") + "\"}"));
        assertThat(upstream.seen).isEmpty();
    }

    private String tokenWith(String policy, String permissions) {
        expect(200, server.root("PUT", VAULT + "/policies/" + policy,
                "{\"rules\":[{\"path\":\"app/**\",\"permissions\":[" + permissions + "]}]}"));
        return server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\""
                + URLEncoder.encode(policy, StandardCharsets.UTF_8) + "\"]}").json().path("token").asText();
    }

    private static void forbidden(TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.errorCode()).isEqualTo("access_denied");
        noValueIn(response);
    }

    private static void noValueIn(TestServer.Response response) {
        assertThat(response.body()).doesNotContain(VALUE).doesNotContain(FIELD_VALUE);
    }

    private static void expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
    }
}
