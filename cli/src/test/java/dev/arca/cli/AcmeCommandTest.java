package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.Json;
import dev.arca.sdk.AcmeSamples;
import dev.arca.sdk.DatabaseSamples;
import dev.arca.sdk.FakeArca;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca acme …} against canned answers: what it sends, refuses before sending, prints, and how it exits. */
class AcmeCommandTest {
    private static final String NL = System.lineSeparator();
    private static final String ACME = "/v1/vaults/prod/acme/";
    private static final String ORDER = "GET " + ACME + "orders/aord_1";
    private static final String ISSUE = "POST " + ACME + "certificates";

    @TempDir
    Path home;

    @TempDir
    Path dir;

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

    private String file(String name, String content) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, content);
        return path.toString();
    }

    @Test
    void help_namesEverySubcommand_andEveryLeafTakesTheUsualOptions() {
        assertThat(ok(cli().run("--help")).out()).contains("acme");
        assertThat(ok(cli().run("acme", "--help")).out()).contains("account", "dns", "issue", "order",
                "certificates", "renew");
        for (String leaf : List.of("account create", "account list", "account show", "account delete", "dns set",
                "dns list", "dns show", "dns delete", "issue", "order show", "certificates list", "certificates show",
                "certificates delete", "renew")) {
            var args = new ArrayList<>(List.of("acme"));
            args.addAll(List.of(leaf.split(" ")));
            args.add("--help");
            assertThat(ok(cli().run(args.toArray(String[]::new))).out()).as(leaf)
                    .contains("--addr", "--vault", "--format", "--identity");
        }
    }

    // accounts

    @Test
    void accountCreate_sendsTheEabKeyFromStdin_andTheCaCertificateFromItsFile() throws IOException {
        server.on("PUT " + ACME + "accounts/le", 201, AcmeSamples.ACCOUNT);
        String ca = file("ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        var result = ok(cli().runWithStdin("c2VjcmV0\n", "acme", "account", "create", "le", "--directory",
                "https://ca.example/directory", "--email", "ops@example.com", "--eab-kid", "eab_1",
                "--eab-hmac-key", "-", "--agree-tos", "--key-type", "rsa", "--directory-ca", ca));
        assertThat(server.last().body()).isEqualTo("{\"directory_url\":\"https://ca.example/directory\","
                + "\"email\":\"ops@example.com\",\"eab\":{\"key_id\":\"eab_1\",\"hmac_key\":\"c2VjcmV0\"},"
                + "\"terms_agreed\":true,\"key_type\":\"rsa\",\"ca_certificate\":\"-----BEGIN CERTIFICATE-----\\n"
                + "MIIB\\n-----END CERTIFICATE-----\\n\"}");
        assertThat(result.out()).containsPattern("NAME +le" + NL).containsPattern("URL +https://ca.example/acme/acct/1")
                .containsPattern("STATUS +valid").containsPattern("CA CERTIFICATE +\\(system trust\\)");

        ok(cli().run("acme", "account", "create", "le", "--directory", "https://ca.example/directory"));
        assertThat(server.last().body()).as("no terms agreed unless asked")
                .isEqualTo("{\"directory_url\":\"https://ca.example/directory\"}");
    }

    @Test
    void accountCreate_withHalfAnEab_orWithoutADirectory_isRefusedBeforeSending() {
        assertThat(refused("acme", "account", "create", "le", "--directory", "https://ca.example/directory",
                "--eab-kid", "eab_1").err()).contains("--eab-kid and --eab-hmac-key go together");
        assertThat(refused("acme", "account", "create", "le").err()).contains("--directory");
    }

    @Test
    void accountListShowDelete_atTheirRoutes() {
        server.on("GET " + ACME + "accounts", 200, AcmeSamples.ACCOUNTS)
                .on("GET " + ACME + "accounts/le", 200, AcmeSamples.ACCOUNT)
                .on("DELETE " + ACME + "accounts/le", 204, "");
        assertThat(ok(cli().run("acme", "account", "list")).out())
                .containsPattern("le +https://ca.example/directory +ops@example.com +valid +ec");
        assertThat(ok(cli().run("acme", "account", "show", "le")).out()).containsPattern("EMAIL +ops@example.com");
        assertThat(ok(cli().run("acme", "account", "delete", "le")).out()).isEqualTo("Deleted ACME account le" + NL);
        assertThat(server.requests()).extracting(FakeArca.Request::route).containsExactly("GET " + ACME + "accounts",
                "GET " + ACME + "accounts/le", "DELETE " + ACME + "accounts/le");
    }

    // DNS providers

    @Test
    void dnsSet_rfc2136_readsTheTsigSecretFromItsFile_andNeverPrintsIt() throws IOException {
        server.on("PUT " + ACME + "dns/bind", 200, AcmeSamples.DNS_RFC2136);
        String secret = file("tsig.key", "dHNpZy1zZWNyZXQ=\n");
        var result = ok(cli().run("acme", "dns", "set", "bind", "--type", "rfc2136", "--server", "127.0.0.1:5353",
                "--tsig-key", "acme-key", "--tsig-algorithm", "hmac-sha256", "--tsig-secret-file", secret,
                "--zone", "example.com."));
        assertThat(server.last().body()).isEqualTo("{\"type\":\"rfc2136\",\"server\":\"127.0.0.1:5353\","
                + "\"zone\":\"example.com.\",\"tsig_key_name\":\"acme-key\",\"tsig_algorithm\":\"hmac-sha256\","
                + "\"tsig_secret\":\"dHNpZy1zZWNyZXQ=\"}");
        assertThat(result.out()).containsPattern("TSIG KEY +acme-key").doesNotContain("dHNpZy1zZWNyZXQ=");

        ok(cli().runWithStdin("c3RkaW4=\n", "acme", "dns", "set", "bind", "--type", "rfc2136", "--server",
                "127.0.0.1:5353", "--tsig-key", "acme-key", "--tsig-secret-file", "-"));
        assertThat(server.last().body()).contains("\"tsig_secret\":\"c3RkaW4=\"");
    }

    @Test
    void dnsSet_hook_sendsTheTypeOnly_andOptionsOfTheOtherTypeAreRefused() {
        assertThat(refused("acme", "dns", "set", "bind", "--type", "rfc2136", "--server", "127.0.0.1:53").err())
                .contains("--type rfc2136 needs --tsig-key, --tsig-secret-file");
        assertThat(refused("acme", "dns", "set", "h", "--type", "hook", "--tsig-key", "k").err())
                .contains("--tsig-key go with --type rfc2136");
        assertThat(refused("acme", "dns", "set", "h", "--type", "route53").err())
                .contains("--type is rfc2136 or hook, not route53");
        server.on("PUT " + ACME + "dns/hook", 200, AcmeSamples.DNS_HOOK);
        assertThat(ok(cli().run("acme", "dns", "set", "hook", "--type", "hook")).out()).containsPattern("TYPE +hook");
        assertThat(server.last().body()).isEqualTo("{\"type\":\"hook\"}");
    }

    @Test
    void dnsListShowDelete_atTheirRoutes() {
        server.on("GET " + ACME + "dns", 200, AcmeSamples.DNS_PROVIDERS)
                .on("GET " + ACME + "dns/bind", 200, AcmeSamples.DNS_RFC2136)
                .on("DELETE " + ACME + "dns/bind", 204, "");
        assertThat(ok(cli().run("acme", "dns", "list")).out()).containsPattern("bind +rfc2136 +127.0.0.1:5353")
                .containsPattern("hook +hook");
        assertThat(ok(cli().run("acme", "dns", "show", "bind")).out()).containsPattern("ZONE +example.com.");
        assertThat(ok(cli().run("acme", "dns", "delete", "bind")).out()).isEqualTo("Deleted DNS provider bind" + NL);
    }

    // issue, orders, renewals

    @Test
    void issue_postsTheRequest_andPrintsTheOrderToFollow() throws IOException {
        server.on(ISSUE, 202, AcmeSamples.ORDER_PENDING);
        var result = ok(cli().run("acme", "issue", "--account", "le", "--domain", "*.example.com", "--domain",
                "example.com", "--challenge", "dns-01", "--dns-provider", "bind", "--secret", "web/tls",
                "--auto-renew", "--key-type", "rsa"));
        assertThat(server.last().body()).isEqualTo("{\"account\":\"le\",\"domains\":[\"*.example.com\","
                + "\"example.com\"],\"challenge\":\"dns-01\",\"secret\":\"web/tls\",\"auto_renew\":true,"
                + "\"key_type\":\"rsa\",\"dns_provider\":\"bind\"}");
        assertThat(result.out()).containsPattern("ORDER +aord_1").containsPattern("STATUS +pending")
                .contains("arca acme order show aord_1");

        ok(cli().run("acme", "issue", "--account", "le", "--domain", "www.example.com", "--challenge", "http-01",
                "--webroot", "/var/www/html"));
        assertThat(server.last().body()).as("auto_renew left to the server, whose default is on")
                .isEqualTo("{\"account\":\"le\",\"domains\":[\"www.example.com\"],"
                + "\"challenge\":\"http-01\",\"webroot\":\"/var/www/html\"}");

        ok(cli().run("acme", "issue", "--account", "le", "--domain", "www.example.com", "--challenge", "http-01",
                "--no-auto-renew"));
        assertThat(server.last().body()).isEqualTo("{\"account\":\"le\",\"domains\":[\"www.example.com\"],"
                + "\"challenge\":\"http-01\",\"auto_renew\":false}");
    }

    @Test
    void issueWait_followsTheOrderUntilValid_andExitsZero() {
        server.on(ISSUE, 202, AcmeSamples.ORDER_PENDING).once(ORDER, 200, AcmeSamples.ORDER_PENDING, Map.of())
                .on(ORDER, 200, AcmeSamples.ORDER_VALID);
        var result = ok(cli().run("acme", "issue", "--account", "le", "--domain", "www.example.com", "--challenge",
                "http-01", "--wait"));
        assertThat(result.out()).contains("Order aord_1 started; waiting up to 5m").containsPattern("STATUS +valid")
                .containsPattern("SECRET VERSION +1").containsPattern("SERIAL +4b:02:ff");
        assertThat(server.requests()).extracting(FakeArca.Request::route).containsExactly(ISSUE, ORDER, ORDER);
    }

    @Test
    void issueWait_ofAnOrderThatTurnsInvalid_exitsOneWithTheCasError() {
        server.on(ISSUE, 202, AcmeSamples.ORDER_PENDING).on(ORDER, 200, AcmeSamples.ORDER_INVALID);
        var result = cli().run("acme", "issue", "--account", "le", "--domain", "www.example.com", "--challenge",
                "dns-01", "--dns-provider", "bind", "--wait", "--format", "json");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: order aord_1 is invalid: urn:ietf:params:acme:error:unauthorized: "
                + "no TXT record at _acme-challenge.www.example.com" + NL);
        assertThat(result.out()).as("the order as it ended, for a script").contains("\"status\" : \"invalid\"");
    }

    @Test
    void issueWait_thatRunsOutOfTime_exitsOne_sayingTheOrderGoesOn() {
        server.on(ISSUE, 202, AcmeSamples.ORDER_PENDING).on(ORDER, 200, AcmeSamples.ORDER_PENDING);
        var result = cli().run("acme", "issue", "--account", "le", "--domain", "www.example.com", "--challenge",
                "http-01", "--wait", "--timeout", "1s");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("order aord_1 is still pending after 1s")
                .contains("arca acme order show aord_1");
    }

    @Test
    void issue_withOptionsThatDoNotFitTheChallenge_isRefusedBeforeSending() {
        assertThat(refused("acme", "issue", "--account", "le", "--domain", "a.example", "--challenge", "tls-alpn-01")
                .err()).contains("--challenge is http-01 or dns-01");
        assertThat(refused("acme", "issue", "--account", "le", "--domain", "a.example", "--challenge", "dns-01")
                .err()).contains("--challenge dns-01 needs --dns-provider");
        assertThat(refused("acme", "issue", "--account", "le", "--domain", "a.example", "--challenge", "http-01",
                "--dns-provider", "bind").err()).contains("--dns-provider goes with --challenge dns-01");
        assertThat(refused("acme", "issue", "--account", "le", "--domain", "a.example", "--challenge", "dns-01",
                "--dns-provider", "bind", "--webroot", "/srv").err()).contains("--webroot goes with --challenge "
                        + "http-01");
        assertThat(refused("acme", "issue", "--account", "le", "--domain", "a.example", "--challenge", "http-01",
                "--timeout", "1m").err()).contains("--timeout goes with --wait");
        assertThat(refused("acme", "issue", "--account", "le", "--challenge", "http-01").err()).contains("--domain");
    }

    @Test
    void issue_thatTheServerRefuses_printsItsMessage() {
        server.on(ISSUE, 404, DatabaseSamples.error("not_found", "no ACME account le in this vault"));
        var result = cli().run("acme", "issue", "--account", "le", "--domain", "a.example", "--challenge", "http-01");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: no ACME account le in this vault");
    }

    @Test
    void orderShow_certificates_andRenewWait_atTheirRoutes() throws IOException {
        server.on(ORDER, 200, AcmeSamples.ORDER_VALID)
                .on("GET " + ACME + "certificates", 200, AcmeSamples.CERTIFICATES)
                .on("GET " + ACME + "certificates/acert_1", 200, AcmeSamples.CERTIFICATE)
                .on("POST " + ACME + "certificates/acert_1/renew", 202, AcmeSamples.ORDER_PENDING)
                .on("DELETE " + ACME + "certificates/acert_1", 204, "");
        assertThat(ok(cli().run("acme", "order", "show", "aord_1")).out()).containsPattern("STATUS +valid");
        assertThat(ok(cli().run("acme", "certificates", "list")).out()).containsPattern(
                "acert_1 +acme/www.example.com +www.example.com,example.com +le +yes +2027-03-01T10:00:00.000Z "
                        + "+2027-01-30T10:00:00.000Z");
        assertThat(ok(cli().run("acme", "certificates", "show", "acert_1")).out())
                .containsPattern("RENEW AT +2027-01-30T10:00:00.000Z").containsPattern("LAST ORDER +aord_1");
        var renewed = ok(cli().run("acme", "renew", "acert_1", "--wait", "--format", "json"));
        assertThat(Json.lenient().readTree(renewed.out()).path("status").asText()).isEqualTo("valid");
        assertThat(ok(cli().run("acme", "certificates", "delete", "acert_1")).out())
                .isEqualTo("Stopped managing certificate acert_1; its secret stays" + NL);
        assertThat(server.requests()).extracting(FakeArca.Request::route).containsExactly(ORDER,
                "GET " + ACME + "certificates", "GET " + ACME + "certificates/acert_1",
                "POST " + ACME + "certificates/acert_1/renew", ORDER, "DELETE " + ACME + "certificates/acert_1");
    }
}
