package dev.arca.server.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACME client's routes without a CA: what each refuses before anything is sent anywhere, and what they never
 * answer (a TSIG secret). One server for the class, with neither a challenge listener nor a DNS hook configured.
 */
class AcmeClientRoutesIT {
    private static final String V = "/v1/vaults/default";
    private static final String A = V + "/acme";
    private static final String SECRET = "c2VjcmV0LXRzaWcta2V5LWZvci10aGUtdGVzdA==";

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, Map.of()).initAndUnseal();
        expect(201, server.root("POST", V + "/projects", "{\"name\":\"acme\"}"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aHookProvider_withoutAcmeDnsHookConfigured_is400SayingSo() {
        assertInvalid(server.root("PUT", A + "/dns/hook", "{\"type\":\"hook\"}"), "type", "acme_dns_hook");
        expect(404, server.root("GET", A + "/dns/hook", null));
    }

    @Test
    void anRfc2136Provider_keepsItsTsigSecretOutOfEveryAnswer() {
        assertInvalid(server.root("PUT", A + "/dns/bind", "{\"type\":\"rfc2136\",\"server\":\"127.0.0.1:53\","
                + "\"tsig_key_name\":\"arca.\"}"), "tsig_secret", "required");
        assertInvalid(server.root("PUT", A + "/dns/bind", "{\"type\":\"rfc2136\",\"server\":\"127.0.0.1:53\","
                + "\"tsig_key_name\":\"arca.\",\"tsig_secret\":\"not base64!\"}"), "tsig_secret", "base64");
        String written = expect(200, server.root("PUT", A + "/dns/bind", "{\"type\":\"rfc2136\",\"server\":"
                + "\"127.0.0.1:53\",\"tsig_key_name\":\"arca.\",\"tsig_secret\":\"" + SECRET + "\"}")).body();
        assertThat(written).doesNotContain(SECRET).contains("hmac-sha256");
        // a later write without the secret keeps it
        expect(200, server.root("PUT", A + "/dns/bind", "{\"type\":\"rfc2136\",\"server\":\"127.0.0.1:5353\","
                + "\"tsig_key_name\":\"arca.\"}"));
        assertThat(expect(200, server.root("GET", A + "/dns/bind", null)).body()).doesNotContain(SECRET)
                .contains("127.0.0.1:5353");
        assertThat(expect(200, server.root("GET", A + "/dns", null)).body()).doesNotContain(SECRET).contains("bind");
        expect(204, server.root("DELETE", A + "/dns/bind", null));
        expect(404, server.root("GET", A + "/dns/bind", null));
    }

    @Test
    void anAccount_isRefusedBeforeAnyCaIsAsked_whenItsKeyTypeOrDirectoryCannotWork() {
        assertInvalid(server.root("PUT", A + "/accounts/le", "{\"directory_url\":\"https://127.0.0.1:1/dir\","
                + "\"key_type\":\"ed25519\"}"), "key_type", "ec");
        assertInvalid(server.root("PUT", A + "/accounts/le", "{\"directory_url\":\"http://127.0.0.1:1/dir\"}"),
                "directory_url", "https");
        var unreachable = server.root("PUT", A + "/accounts/le", "{\"directory_url\":\"https://127.0.0.1:1/dir\"}");
        expect(502, unreachable);
        assertThat(unreachable.json().path("error").path("message").asText()).contains("directory_url");
    }

    @Test
    void anIssueRequest_isCheckedBeforeAnythingIsStored() {
        String base = "{\"account\":\"none\",\"challenge\":\"http-01\",";
        assertInvalid(server.root("POST", A + "/certificates", base + "\"domains\":[]}"), "domains", "required");
        assertInvalid(server.root("POST", A + "/certificates", base + "\"domains\":[\"not a name\"]}"), "domains",
                "not a DNS name");
        assertInvalid(server.root("POST", A + "/certificates", base + "\"domains\":[\"*.acme.test\"]}"),
                "challenge", "dns-01");
        assertInvalid(server.root("POST", A + "/certificates", base + "\"domains\":[\"web.acme.test\"],"
                + "\"key_type\":\"dsa\"}"), "key_type", "ec");
        assertInvalid(server.root("POST", A + "/certificates", base + "\"domains\":[\"web.acme.test\"]}"),
                "webroot", "acme_challenge_listen");
        assertInvalid(server.root("POST", A + "/certificates", "{\"account\":\"none\",\"challenge\":\"dns-01\","
                + "\"domains\":[\"web.acme.test\"]}"), "dns_provider", "dns_provider");
        var unknownAccount = server.root("POST", A + "/certificates", base + "\"domains\":[\"web.acme.test\"],"
                + "\"webroot\":\"" + dir + "\"}");
        expect(404, unknownAccount);
        assertThat(unknownAccount.json().path("error").path("message").asText()).contains("PUT …/acme/accounts/none");
        assertThat(expect(200, server.root("GET", A + "/certificates", null)).json().path("data")).isEmpty();
    }

    @Test
    void issuing_needsUpdateOnTheSecretItWillWrite() {
        String token = token("{\"path\":\"_acme/*\",\"permissions\":[\"create\",\"read\",\"list\"]}");
        var refused = server.call("POST", A + "/certificates", token, "{\"account\":\"none\",\"challenge\":"
                + "\"http-01\",\"domains\":[\"web.acme.test\"],\"webroot\":\"" + dir + "\"}");
        expect(403, refused);
        String allowed = token("{\"path\":\"_acme/*\",\"permissions\":[\"create\"]},"
                + "{\"path\":\"acme/*\",\"permissions\":[\"update\"]}");
        expect(404, server.call("POST", A + "/certificates", allowed, "{\"account\":\"none\",\"challenge\":"
                + "\"http-01\",\"domains\":[\"web.acme.test\"],\"webroot\":\"" + dir + "\"}"));
    }

    /** A token whose one policy holds {@code rules}. */
    private String token(String rules) {
        String name = "p" + Long.toHexString(System.nanoTime());
        expect(200, server.root("PUT", V + "/policies/" + name, "{\"rules\":[" + rules + "]}"));
        var created = server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\"" + name + "\"]}");
        assertThat(created.status()).as(created.body()).isBetween(200, 201);
        return created.json().path("token").asText();
    }

    private static void assertInvalid(TestServer.Response response, String field, String says) {
        expect(400, response);
        assertThat(response.json().path("error").path("details").path("field").asText()).isEqualTo(field);
        assertThat(response.json().path("error").path("message").asText()).contains(says);
    }

    private static TestServer.Response expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}
