package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.sdk.AcmeSamples;
import dev.arca.sdk.FakeArca;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca pki acme …} against canned answers: what it sends, refuses before sending, and prints. */
class PkiAcmeCommandTest {
    private static final String CONFIG = "/v1/vaults/prod/pki/config/acme";
    private static final String EAB = "/v1/vaults/prod/pki/eab";

    @TempDir
    Path home;

    private final FakeArca server = new FakeArca();

    private Cli cli() {
        return Cli.against(server, home);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result;
    }

    private Cli.Result refused(String... args) {
        var result = cli().run(args);
        assertThat(result.exitCode()).as(result.out()).isEqualTo(2);
        assertThat(server.requests()).as("refused before sending").isEmpty();
        return result;
    }

    @Test
    void help_namesEverySubcommand_andEveryLeafTakesTheUsualOptions() {
        assertThat(ok(cli().run("pki", "--help")).out()).contains("acme");
        assertThat(ok(cli().run("pki", "acme", "--help")).out()).contains("enable", "disable", "status", "eab");
        assertThat(ok(cli().run("pki", "acme", "eab", "--help")).out()).contains("create", "list", "delete");
        for (String leaf : List.of("enable", "disable", "status", "eab create", "eab list", "eab delete")) {
            var args = new ArrayList<>(List.of("pki", "acme"));
            args.addAll(List.of(leaf.split(" ")));
            args.add("--help");
            assertThat(ok(cli().run(args.toArray(String[]::new))).out()).as(leaf)
                    .contains("--addr", "--vault", "--format", "--identity");
        }
    }

    @Test
    void enable_sendsOnlyTheOptionsGiven_andPrintsTheDirectoryToGiveCertbot() throws IOException {
        server.on("PUT " + CONFIG, 200, AcmeSamples.config(true, "always-required", "web"));
        var result = ok(cli().run("pki", "acme", "enable", "--eab-policy", "always-required", "--role", "web",
                "--issuer", "root", "--max-ttl", "720h"));
        assertThat(server.last().body()).isEqualTo("{\"enabled\":true,\"eab_policy\":\"always-required\","
                + "\"default_role\":\"web\",\"default_issuer\":\"root\",\"max_ttl\":\"30d\"}");
        assertThat(result.out()).containsPattern("ENABLED +yes").containsPattern("EAB POLICY +always-required")
                .containsPattern("DEFAULT ROLE +web").containsPattern("DIRECTORY +" + AcmeSamples.DIRECTORY)
                .contains("certbot certonly --server " + AcmeSamples.DIRECTORY)
                .contains("lego --server " + AcmeSamples.DIRECTORY)
                .contains("arca pki acme eab create");

        ok(cli().run("pki", "acme", "enable"));
        assertThat(server.last().body()).isEqualTo("{\"enabled\":true}");
        var json = Json.lenient().readTree(ok(cli().run("pki", "acme", "enable", "--format", "json")).out());
        assertThat(json.path("directory").asText()).isEqualTo(AcmeSamples.DIRECTORY);
    }

    @Test
    void enable_withAnUnknownPolicy_orABadDuration_isRefusedBeforeSending() {
        assertThat(refused("pki", "acme", "enable", "--eab-policy", "sometimes").err())
                .contains("--eab-policy is one of not-required, new-account-required, always-required");
        assertThat(refused("pki", "acme", "enable", "--max-ttl", "ninety days").err()).contains("--max-ttl");
    }

    @Test
    void disable_turnsItOff_andStatusSaysHowToTurnItOn() {
        server.on("PUT " + CONFIG, 200, AcmeSamples.CONFIG_DISABLED).on("GET " + CONFIG, 200,
                AcmeSamples.CONFIG_DISABLED);
        var disabled = ok(cli().run("pki", "acme", "disable"));
        assertThat(server.last().body()).isEqualTo("{\"enabled\":false}");
        assertThat(disabled.out()).containsPattern("ENABLED +no").contains("arca pki acme enable")
                .doesNotContain("certbot");
        var status = ok(cli().run("pki", "acme", "status"));
        assertThat(server.last().route()).isEqualTo("GET " + CONFIG);
        assertThat(status.out()).containsPattern("DEFAULT ROLE +\\(none: any validated name\\)")
                .containsPattern("ALLOWED ROLES +\\(every role\\)").containsPattern("MAX TTL +90d");
    }

    @Test
    void eabCreate_printsTheIdAndKeyOnce_withHowToGiveThemToCertbot() throws IOException {
        server.on("POST " + EAB, 201, AcmeSamples.EAB_CREATED);
        var result = ok(cli().run("pki", "acme", "eab", "create", "--comment", "web-1"));
        assertThat(server.last().body()).isEqualTo("{\"comment\":\"web-1\"}");
        assertThat(result.out()).containsPattern("ID +eab_1").containsPattern("KEY +c2VjcmV0LWhtYWMta2V5LWJ5dGVz")
                .contains("--eab-kid eab_1 --eab-hmac-key c2VjcmV0LWhtYWMta2V5LWJ5dGVz")
                .contains("shown only now");
        JsonNode json = Json.lenient().readTree(ok(cli().run("pki", "acme", "eab", "create", "--format", "json"))
                .out());
        assertThat(server.last().body()).isEqualTo("{}");
        assertThat(json.path("key").asText()).as("a script gets the key too").isEqualTo(
                "c2VjcmV0LWhtYWMta2V5LWJ5dGVz");
    }

    @Test
    void eabListAndDelete_showTheKeysWithoutTheirKeys_andDeleteById() {
        server.on("GET " + EAB, 200, AcmeSamples.EAB_KEYS).on("DELETE " + EAB + "/eab_2", 204, "");
        var list = ok(cli().run("pki", "acme", "eab", "list"));
        assertThat(list.out()).contains("ID", "ALGORITHM", "ACCOUNT").containsPattern("eab_1 +HS256 +web-1")
                .containsPattern("eab_2 +HS256 +- +2026-12-01T09:00:00.000Z +2026-12-01T09:05:00.000Z +acct_7");
        assertThat(ok(cli().run("pki", "acme", "eab", "delete", "eab_2")).out()).isEqualTo("Deleted EAB key eab_2"
                + System.lineSeparator());
        assertThat(server.last().route()).isEqualTo("DELETE " + EAB + "/eab_2");
    }
}
