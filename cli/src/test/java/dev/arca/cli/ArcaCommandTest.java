package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.sdk.FakeArca;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArcaCommandTest {
    private static final String ONE_VAULT = "{\"data\":[{\"id\":\"vault_1\",\"name\":\"prod\"}],\"has_more\":false}";
    private static final String STRING_SECRET =
            "{\"id\":\"sk_1\",\"path\":\"app/key\",\"version\":1,\"type\":\"string\",\"value\":\"s3cr3t\"}";
    private static final String JSON_SECRET = "{\"id\":\"sk_2\",\"path\":\"app/db\",\"version\":1,\"type\":\"json\","
            + "\"value\":\"{}\",\"fields\":{\"user\":\"admin\",\"password\":\"hunter2\"}}";

    @TempDir
    Path home;

    private final FakeArca server = new FakeArca();

    private Cli cli() {
        return new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", home.toString());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void unknownOption_isUsageErrorWithExit2() {
        var result = cli().run("secret", "get", "--bogus", "app/db");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--bogus'");
    }

    @Test
    void help_onEveryLevel_exitsZero() {
        assertThat(cli().run("--help").out()).contains("operator", "secret", "audit");
        assertThat(cli().run("secret", "--help").exitCode()).isZero();
        var leaf = cli().run("secret", "put", "-h");
        assertThat(leaf.exitCode()).isZero();
        assertThat(leaf.out()).contains("--addr", "--vault", "--format", "--file");
    }

    @Test
    void topLevelHelp_listsTheCommandsNotBuilt_withTheirDescriptions() {
        assertThat(cli().run("--help").out())
                .contains("  secret      Write, read, list, rotate, watch and delete secrets.")
                .contains("  server      Run the Arca server.");
        var typo = cli().run("secrt", "get");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("Did you mean: arca secret");
    }

    @Test
    void groupWithoutSubcommand_isUsageErrorWithExit2() {
        assertThat(cli().run("secret").exitCode()).isEqualTo(2);
    }

    @Test
    void apiError_printsOneLineWithCodeAndRequestId() {
        server.on("GET /v1/vaults/prod/secrets/app/db", 503,
                "{\"error\":{\"code\":\"sealed\",\"message\":\"Arca is sealed\",\"request_id\":\"req_9\"}}");
        var result = cli().run("secret", "get", "app/db", "--vault", "prod");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: Arca is sealed (sealed, request req_9)" + System.lineSeparator());
        assertThat(result.out()).isEmpty();
    }

    @Test
    void unreachableServer_printsOneLineWithoutStackTrace() throws IOException {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        var result = cli().run("operator", "status", "--addr", "http://127.0.0.1:" + port);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: cannot reach Arca at http://127.0.0.1:" + port)
                .contains("is the server running?").doesNotContain("\tat ");
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void debug_printsStackTrace() {
        var result = cli().with("ARCA_DEBUG", "1").run("secret", "get", "app/db", "--vault", "prod");
        assertThat(result.err()).contains("\tat ").contains("error: no such route (not_found, request req_404)");
    }

    @Test
    void plainHttpToRemoteHost_isRefused() {
        var result = cli().run("operator", "status", "--addr", "http://arca.example.com:8420");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: refusing plain http to arca.example.com");
    }

    @Test
    void tokenComesFromOptionThenEnvThenFile() throws IOException {
        server.on("GET /v1/tokens/self", 200, "{\"accessor\":\"acc\",\"policies\":[\"root\"]}");
        Files.writeString(home.resolve("token"), "arca_fromfile\n");
        cli().run("token", "lookup");
        cli().with("ARCA_TOKEN", "arca_fromenv").run("token", "lookup");
        cli().with("ARCA_TOKEN", "arca_fromenv").run("token", "lookup", "--token", "arca_fromoption");
        assertThat(server.requests()).extracting(FakeArca.Request::authorization)
                .containsExactly("Bearer arca_fromfile", "Bearer arca_fromenv", "Bearer arca_fromoption");
    }

    @Test
    void onlyVault_isChosenWhenNoneIsGiven() {
        server.on("GET /v1/vaults", 200, ONE_VAULT).on("GET /v1/vaults/prod/secrets/app/key", 200, STRING_SECRET);
        var result = cli().run("secret", "get", "app/key");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("s3cr3t" + System.lineSeparator());
    }

    @Test
    void vaultNamedDefault_isChosenAmongSeveral() {
        server.on("GET /v1/vaults", 200, "{\"data\":[{\"id\":\"vault_1\",\"name\":\"prod\"},"
                + "{\"id\":\"vault_2\",\"name\":\"default\"}],\"has_more\":false}")
                .on("GET /v1/vaults/default/secrets/app/key", 200, STRING_SECRET);
        assertThat(cli().run("secret", "get", "app/key").exitCode()).isZero();
    }

    @Test
    void severalVaultsWithoutDefault_askToChoose() {
        server.on("GET /v1/vaults", 200, "{\"data\":[{\"id\":\"vault_1\",\"name\":\"prod\"},"
                + "{\"id\":\"vault_2\",\"name\":\"staging\"}],\"has_more\":false}");
        var result = cli().run("secret", "get", "app/key");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: several vaults: choose one with --vault or ARCA_VAULT"
                + System.lineSeparator());
    }

    @Test
    void vaultOption_winsOverEnvironment() {
        server.on("GET /v1/vaults/staging/secrets/app/key", 200, STRING_SECRET);
        var result = cli().with("ARCA_VAULT", "prod").run("secret", "get", "app/key", "--vault", "staging");
        assertThat(result.exitCode()).isZero();
        assertThat(server.requests()).extracting(FakeArca.Request::route)
                .containsExactly("GET /v1/vaults/staging/secrets/app/key");
    }

    @Test
    void idArgument_readsByIdWithoutChoosingVault() {
        server.on("GET /v1/secrets/sk_1?version=1", 200, STRING_SECRET);
        var result = cli().run("secret", "get", "sk_1", "--version", "1");
        assertThat(result.out()).isEqualTo("s3cr3t" + System.lineSeparator());
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void structuredSecret_printsFieldTableOrOneField() {
        server.on("GET /v1/vaults/prod/secrets/app/db", 200, JSON_SECRET)
                .on("GET /v1/vaults/prod/secrets/app/db?field=user", 200, "{\"id\":\"sk_2\",\"path\":\"app/db\","
                        + "\"version\":1,\"type\":\"json\",\"field\":\"user\",\"value\":\"admin\"}")
                .on("GET /v1/vaults/prod/secrets/app/db?field=host", 404, "{\"error\":{\"code\":\"field_not_found\","
                        + "\"message\":\"secret app/db has no field host; its fields: password, user\","
                        + "\"details\":{\"available\":[\"password\",\"user\"]},\"request_id\":\"req_7\"}}");
        var table = cli().with("ARCA_VAULT", "prod").run("secret", "get", "app/db");
        assertThat(table.out().lines()).containsExactly("FIELD     VALUE", "password  hunter2", "user      admin");
        var field = cli().with("ARCA_VAULT", "prod").run("secret", "get", "app/db", "--field", "user");
        assertThat(field.out()).isEqualTo("admin" + System.lineSeparator());
        var missing = cli().with("ARCA_VAULT", "prod").run("secret", "get", "app/db", "--field", "host");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("error: secret app/db has no field host; its fields: password, user "
                + "(field_not_found, request req_7)" + System.lineSeparator());
    }

    @Test
    void versionPrevious_isPassedToTheServer_otherWordsAreUsageErrors() {
        server.on("GET /v1/vaults/prod/secrets/app/key?version=previous", 200, STRING_SECRET);
        assertThat(cli().with("ARCA_VAULT", "prod").run("secret", "get", "app/key", "--version", "previous").out())
                .isEqualTo("s3cr3t" + System.lineSeparator());
        assertThat(cli().with("ARCA_VAULT", "prod").run("secret", "get", "app/key", "--version", "latest").exitCode())
                .isEqualTo(2);
    }

    @Test
    void reference_isResolvedByTheServer() {
        server.on("POST /v1/vaults/prod/resolve", 200,
                "{\"values\":{\"arca://app/db/field/user\":\"admin\"},\"errors\":{}}");
        var result = cli().with("ARCA_VAULT", "prod").run("secret", "get", "arca://app/db/field/user");
        assertThat(result.out()).isEqualTo("admin" + System.lineSeparator());
        assertThat(server.last().body()).isEqualTo("{\"refs\":[\"arca://app/db/field/user\"]}");
        assertThat(cli().with("ARCA_VAULT", "prod").run("secret", "get", "arca://app/db", "--field", "user")
                .exitCode()).isEqualTo(2);
    }

    @Test
    void list_sendsEveryFilter() {
        server.on("GET /v1/vaults/prod/secrets?prefix=app%2F&recursive=false&project=app&tag=db&q=ma&limit=5", 200,
                "{\"data\":[{\"id\":\"sk_2\",\"name\":\"db\",\"path\":\"app/db\",\"type\":\"json\","
                        + "\"version\":1,\"field_names\":[\"password\",\"user\"],\"tags\":[\"db\"]}],"
                        + "\"has_more\":false}");
        var result = cli().with("ARCA_VAULT", "prod").run("secret", "list", "--prefix", "app/", "--no-recursive",
                "--project", "app", "--tag", "db", "--search", "ma", "--limit", "5");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("password,user");
    }

    @Test
    void listAll_followsTheCursor() {
        server.on("GET /v1/vaults/prod/secrets?limit=1", 200, "{\"data\":[{\"id\":\"sk_1\",\"path\":\"app/a\","
                        + "\"type\":\"string\",\"version\":1}],\"has_more\":true,\"cursor\":\"c1\"}")
                .on("GET /v1/vaults/prod/secrets?limit=1&cursor=c1", 200, "{\"data\":[{\"id\":\"sk_2\",\"path\":"
                        + "\"app/b\",\"type\":\"string\",\"version\":1}],\"has_more\":false}");
        var result = cli().with("ARCA_VAULT", "prod").run("secret", "list", "--limit", "1", "--all");
        assertThat(result.out()).contains("app/a", "app/b").doesNotContain("More:");
    }

    @Test
    void rotate_buildsTheGenerateRequest() {
        server.on("POST /v1/vaults/prod/secrets/app/key/rotate", 200, "{\"id\":\"sk_1\",\"path\":\"app/key\","
                + "\"status\":\"rotated\",\"version\":2,\"previous_version\":1,\"previous_until\":"
                + "\"2026-01-02T04:04:05.000Z\"}");
        var result = cli().with("ARCA_VAULT", "prod").run("secret", "rotate", "app/key", "--generate", "--length",
                "40", "--charset", "lower,digits", "--exclude", "0O", "--reason", "scheduled", "--grace", "1h");
        assertThat(result.out()).isEqualTo(String.join(System.lineSeparator(),
                "Rotated app/key to version 2 (sk_1), status rotated",
                "Previous version 1: readable as --version previous until 2026-01-02T04:04:05.000Z",
                "The generated value was not returned: this identity may rotate app/key but not read it.", ""));
        assertThat(server.last().body()).isEqualTo("{\"generate\":{\"length\":40,\"lower\":true,\"upper\":false,"
                + "\"digits\":true,\"symbols\":false,\"exclude\":\"0O\"},\"reason\":\"scheduled\",\"grace\":\"1h\"}");
    }

    @Test
    void rotate_refusesGenerateOptionsWithoutGenerateAndBadInput() {
        var arca = cli().with("ARCA_VAULT", "prod");
        assertThat(arca.run("secret", "rotate", "app/key", "--value", "x", "--length", "9").exitCode()).isEqualTo(2);
        assertThat(arca.run("secret", "rotate", "app/key", "--generate", "--charset", "emoji").exitCode()).isEqualTo(2);
        assertThat(arca.run("secret", "rotate", "app/key", "--generate", "--grace", "soon").exitCode()).isEqualTo(2);
        assertThat(arca.run("secret", "rotate", "app/key").exitCode()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void delete_versionAndPermanentAreExclusive() {
        assertThat(cli().with("ARCA_VAULT", "prod").run("secret", "delete", "app/key", "--version", "1",
                "--permanent").exitCode()).isEqualTo(2);
        server.on("DELETE /v1/vaults/prod/secrets/app/key?permanent=true", 204, "");
        assertThat(cli().with("ARCA_VAULT", "prod").run("secret", "delete", "app/key", "--permanent").out())
                .isEqualTo("Destroyed app/key permanently" + System.lineSeparator());
    }

    @Test
    void putFromStdin_sendsTheExactBytes() {
        server.on("PUT /v1/vaults/prod/secrets/app/cert", 200, "{\"id\":\"sk_3\",\"path\":\"app/cert\",\"version\":1}");
        var result = cli().with("ARCA_VAULT", "prod").runWithStdin("line1\nline2\n", "secret", "put", "app/cert",
                "--file", "-", "--type", "certificate");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("Wrote app/cert version 1 (sk_3)" + System.lineSeparator());
        assertThat(server.requests().get(0).body())
                .isEqualTo("{\"type\":\"certificate\",\"value\":\"line1\\nline2\\n\"}");
    }

    @Test
    void putValueDash_readsTheValueFromStdin_withoutTheFinalLineBreak() {
        server.on("PUT /v1/vaults/prod/secrets/app/key", 200, "{\"id\":\"sk_3\",\"path\":\"app/key\",\"version\":1}");
        var result = cli().with("ARCA_VAULT", "prod").runWithStdin("s3cr3t\n", "secret", "put", "app/key",
                "--value", "-");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(server.requests().get(0).body()).isEqualTo("{\"type\":\"string\",\"value\":\"s3cr3t\"}");
    }

    @Test
    void putFieldDash_readsThatFieldFromStdin_onlyOneMay() {
        server.on("PUT /v1/vaults/prod/secrets/app/db", 200, "{\"id\":\"sk_3\",\"path\":\"app/db\",\"version\":1}");
        var result = cli().with("ARCA_VAULT", "prod").runWithStdin("hunter2\r\n", "secret", "put", "app/db",
                "--field", "user=admin", "--field", "password=-");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(server.requests().get(0).body())
                .isEqualTo("{\"type\":\"json\",\"fields\":{\"user\":\"admin\",\"password\":\"hunter2\"}}");

        var twice = cli().with("ARCA_VAULT", "prod").runWithStdin("x\n", "secret", "put", "app/db",
                "--field", "user=-", "--field", "password=-");
        assertThat(twice.exitCode()).isEqualTo(1);
        assertThat(twice.err()).isEqualTo("error: only one --field can read its value from stdin (NAME=-); given "
                + "for user, password" + System.lineSeparator());
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void putValueDash_withStdinThatIsNotUtf8_isRefusedPointingToFile_andSendsNothing() {
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9, '\n'};
        var result = cli().with("ARCA_VAULT", "prod").runWithStdin(latin1, "secret", "put", "app/key", "--value",
                "-");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: stdin for app/key is not UTF-8 text; give the value with --file, "
                + "which keeps its exact bytes" + System.lineSeparator());
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void putValueDash_withEmptyStdin_isRefusedAndSendsNothing() {
        var result = cli().with("ARCA_VAULT", "prod").runWithStdin("", "secret", "put", "app/key", "--value", "-");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: no value on stdin for app/key");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void rotateValueDash_readsTheNewValueFromStdin() {
        server.on("POST /v1/vaults/prod/secrets/app/key/rotate", 200,
                "{\"id\":\"sk_3\",\"path\":\"app/key\",\"version\":2}");
        var result = cli().with("ARCA_VAULT", "prod").runWithStdin("n3w\n", "secret", "rotate", "app/key",
                "--value", "-");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(server.requests().get(0).body()).contains("\"value\":\"n3w\"");
    }

    @Test
    void putWithTwoSources_isUsageError() {
        assertThat(cli().run("secret", "put", "app/x", "--value", "a", "--field", "k=v").exitCode()).isEqualTo(2);
    }

    @Test
    void unsealWithoutKey_readsStdin() {
        server.on("POST /v1/sys/unseal", 200, "{\"initialized\":true,\"sealed\":true,\"shares\":5,\"threshold\":3,"
                + "\"progress\":1,\"version\":\"0.1.0\"}");
        var result = cli().runWithStdin("key-one\n", "operator", "unseal");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("unseal_progress  1/3");
        assertThat(server.requests().get(0).body()).isEqualTo("{\"key\":\"key-one\"}");
    }

    @Test
    void tokenRevoke_needsTokenOrAccessor() {
        assertThat(cli().run("token", "revoke").exitCode()).isEqualTo(2);
        assertThat(cli().run("token", "revoke", "arca_x", "--accessor", "a").exitCode()).isEqualTo(2);
    }
}
