package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.server.ArcaServer;
import dev.arca.server.config.ServerConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACME as a user sets it up through the CLI against a real dev server in this process: the vault's ACME server
 * turned on and off ({@code arca pki acme …}), its directory answering only while it is on, EAB keys made, listed
 * without their keys and deleted; and the parts of the ACME client ({@code arca acme …}) that need no CA: DNS
 * providers whose TSIG secret never comes back, empty lists, and an unknown order refused. Obtaining certificates
 * from a CA (pebble, or the vault's own directory) is tested where the CA is started.
 */
class AcmeCliIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    private ArcaServer server;
    private Cli admin;

    @BeforeEach
    void start() {
        server = ArcaServer.start(new ServerConfigLoader(dir.resolve("home")).dev(true)
                .flag("listen", "127.0.0.1:0")
                .flag("data_dir", dir.resolve("data").toString())
                .load());
        admin = new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.resolve("home").toString())
                .with("ARCA_VAULT", "default");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void acmeServer_enabledStatusDisabled_directoryAnswersOnlyWhileOn_eabKeysShownOnce() throws Exception {
        json(admin.run("pki", "root", "generate", "root", "--common-name", "ACME Test Root", "--format", "json"));
        assertThat(json(admin.run("pki", "acme", "status", "--format", "json")).path("enabled").asBoolean())
                .as("off until enabled").isFalse();

        JsonNode enabled = json(admin.run("pki", "acme", "enable", "--eab-policy", "always-required", "--max-ttl",
                "30d", "--format", "json"));
        assertThat(enabled.path("enabled").asBoolean()).isTrue();
        assertThat(enabled.path("eab_policy").asText()).isEqualTo("always-required");
        assertThat(enabled.path("max_ttl").asText()).isEqualTo("30d");
        String directory = enabled.path("directory").asText();
        assertThat(directory).endsWith("/pki/acme/directory");
        HttpResponse<String> answer = get(directory);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode resources = Json.lenient().readTree(answer.body());
        assertThat(resources.has("newNonce") && resources.has("newAccount") && resources.has("newOrder"))
                .as(answer.body()).isTrue();
        assertThat(resources.path("meta").path("externalAccountRequired").asBoolean()).isTrue();

        var status = ok(admin.run("pki", "acme", "status"));
        assertThat(status.out()).containsPattern("ENABLED +yes").containsPattern("DIRECTORY +" + directory)
                .contains("certbot certonly --server " + directory)
                .contains("arca pki acme eab create");

        eabKeys_createdListedDeleted();

        assertThat(json(admin.run("pki", "acme", "disable", "--format", "json")).path("enabled").asBoolean())
                .isFalse();
        HttpResponse<String> disabled = get(directory);
        assertThat(disabled.statusCode()).as("a disabled directory answers no client").isEqualTo(503);
        assertThat(Json.lenient().readTree(disabled.body()).path("detail").asText())
                .as("a problem document saying how to turn it on").contains("arca pki acme enable");
        assertThat(json(admin.run("pki", "acme", "status", "--format", "json")).path("eab_policy").asText())
                .as("the configuration stays for the next enable").isEqualTo("always-required");
    }

    private void eabKeys_createdListedDeleted() throws IOException {
        var created = ok(admin.run("pki", "acme", "eab", "create", "--comment", "web-1"));
        JsonNode made = json(admin.run("pki", "acme", "eab", "create", "--comment", "web-2", "--format", "json"));
        String id = made.path("id").asText();
        String key = made.path("key").asText();
        assertThat(id).isNotEmpty();
        assertThat(key).isNotEmpty();
        assertThat(created.out()).contains("--eab-kid ").contains("--eab-hmac-key ");

        var list = ok(admin.run("pki", "acme", "eab", "list"));
        assertThat(list.out()).contains(id).contains("web-1").contains("web-2").doesNotContain(key);
        JsonNode listed = json(admin.run("pki", "acme", "eab", "list", "--format", "json"));
        assertThat(listed.path("data")).hasSize(2).allSatisfy(k -> assertThat(k.path("key").isMissingNode()
                || k.path("key").isNull()).as("never a key in a list").isTrue());

        assertThat(ok(admin.run("pki", "acme", "eab", "delete", id)).out()).contains("Deleted EAB key " + id);
        assertThat(ok(admin.run("pki", "acme", "eab", "list")).out()).doesNotContain(id).contains("web-1");
        var again = admin.run("pki", "acme", "eab", "delete", id);
        assertThat(again.exitCode()).as(again.out()).isEqualTo(1);
    }

    @Test
    void acmeClient_dnsProvidersKeepTheirSecret_listsStartEmpty_anUnknownOrderIsNotFound() throws IOException {
        assertThat(json(admin.run("acme", "account", "list", "--format", "json")).path("data")).isEmpty();
        assertThat(json(admin.run("acme", "certificates", "list", "--format", "json")).path("data")).isEmpty();

        Path secret = Files.writeString(dir.resolve("tsig.key"), "c2VjcmV0LXRzaWcta2V5LWJ5dGVz\n");
        var set = ok(admin.run("acme", "dns", "set", "bind", "--type", "rfc2136", "--server", "127.0.0.1:5353",
                "--tsig-key", "acme-key", "--tsig-algorithm", "hmac-sha256", "--tsig-secret-file", secret.toString(),
                "--zone", "example.com."));
        assertThat(set.out()).containsPattern("TYPE +rfc2136").containsPattern("TSIG KEY +acme-key");
        JsonNode shown = json(admin.run("acme", "dns", "show", "bind", "--format", "json"));
        assertThat(shown.path("server").asText()).isEqualTo("127.0.0.1:5353");
        assertThat(shown.toString()).doesNotContain("c2VjcmV0LXRzaWcta2V5LWJ5dGVz");
        assertThat(ok(admin.run("acme", "dns", "list")).out()).containsPattern("bind +rfc2136 +127.0.0.1:5353")
                .doesNotContain("c2VjcmV0LXRzaWcta2V5LWJ5dGVz");
        assertThat(ok(admin.run("acme", "dns", "delete", "bind")).out()).contains("Deleted DNS provider bind");
        assertThat(json(admin.run("acme", "dns", "list", "--format", "json")).path("data")).isEmpty();

        var unknown = admin.run("acme", "order", "show", "acmeord_nosuchorder");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("error: ").contains("not_found");
        var noAccount = admin.run("acme", "issue", "--account", "nobody", "--domain", "www.example.com",
                "--challenge", "http-01");
        assertThat(noAccount.exitCode()).as(noAccount.out()).isEqualTo(1);
        assertThat(noAccount.err()).startsWith("error: ");
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isZero();
        assertThat(result.err()).isEmpty();
        return result;
    }

    private static JsonNode json(Cli.Result result) throws IOException {
        return Json.lenient().readTree(ok(result).out());
    }
}
