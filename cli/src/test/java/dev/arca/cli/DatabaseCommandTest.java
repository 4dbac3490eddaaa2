package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.sdk.DatabaseSamples;
import dev.arca.sdk.FakeArca;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca database …} against canned answers: what it sends and prints, and that passwords stay out of sight. */
class DatabaseCommandTest {
    private static final String NL = System.lineSeparator();
    private static final String DB = "/v1/vaults/prod/database/";
    private static final String CREDS = "POST " + DB + "creds/readonly";

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

    private JsonNode sent() throws IOException {
        return Cli.lastBody(server);
    }

    private String file(String name, String content) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, content);
        return path.toString();
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result;
    }

    @Test
    void configPut_readsThePasswordFromStdin_sendsTheOptions_andPrintsNoPassword() throws IOException {
        server.on("PUT " + DB + "config/pg", 200, DatabaseSamples.CONNECTION);
        var result = ok(cli().runWithStdin("r00t-pw\n", "database", "config", "put", "pg", "--plugin", "postgresql",
                "--url", "postgresql://127.0.0.1:5432/test", "--username", "postgres", "--password-stdin",
                "--allowed-role", "readonly", "--allowed-role", "rw", "--max-open", "4"));
        assertThat(server.last().body()).isEqualTo("{\"plugin\":\"postgresql\",\"connection_url\":"
                + "\"postgresql://127.0.0.1:5432/test\",\"username\":\"postgres\",\"password\":\"r00t-pw\","
                + "\"allowed_roles\":[\"readonly\",\"rw\"],\"max_open_connections\":4}");
        assertThat(result.out()).contains("NAME           pg" + NL).contains("PLUGIN         postgresql" + NL)
                .contains("ALLOWED ROLES  readonly" + NL).contains("TLS            off" + NL)
                .contains("ROOT ROTATED   -" + NL).doesNotContain("r00t-pw");

        var json = ok(cli().runWithStdin("r00t-pw", "database", "config", "put", "pg", "--plugin", "postgresql",
                "--url", "postgresql://127.0.0.1:5432/test", "--username", "postgres", "--password-stdin",
                "--format", "json"));
        assertThat(Json.lenient().readTree(json.out()).get("id").asText()).isEqualTo("dbc_1");
        assertThat(sent().get("password").asText()).isEqualTo("r00t-pw");
    }

    @Test
    void configPut_passwordFromAFile_emptyOrNone_tlsAndNoVerify() throws IOException {
        server.on("PUT " + DB + "config/pg", 200, DatabaseSamples.CONNECTION);
        ok(cli().run("database", "config", "put", "pg", "--plugin", "mysql", "--url", "mysql://db:3306",
                "--username", "root", "--password-file", file("root.pw", "from-a-file\n"), "--ca-file",
                file("ca.pem", "-----BEGIN CERTIFICATE-----\nMIIca\n-----END CERTIFICATE-----\n"), "--no-verify"));
        assertThat(sent().get("password").asText()).isEqualTo("from-a-file");
        assertThat(sent().get("tls").get("enabled").asBoolean()).isTrue();
        assertThat(sent().get("tls").get("ca_pem").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(sent().get("verify_connection").asBoolean()).isFalse();

        ok(cli().run("database", "config", "put", "pg", "--plugin", "redis", "--url", "redis://127.0.0.1:6379",
                "--username", "default", "--tls-skip-verify"));
        assertThat(sent().has("password")).as("left out, the stored password is kept").isFalse();
        assertThat(sent().get("tls").get("skip_verify").asBoolean()).isTrue();

        ok(cli().runWithStdin("\n", "database", "config", "put", "pg", "--plugin", "redis", "--url",
                "redis://127.0.0.1:6379", "--username", "default", "--password-stdin"));
        assertThat(sent().get("password").asText()).as("an empty line: a root user without a password").isEmpty();
    }

    @Test
    void configPut_aPasswordOnTheCommandLine_twoSources_orNoneGiven_areRefused_andSendNothing() throws IOException {
        String[] base = {"database", "config", "put", "pg", "--plugin", "postgresql", "--url", "postgresql://h/db",
                "--username", "postgres"};
        var plain = cli().run(concat(base, "--password", "hunter2"));
        assertThat(plain.exitCode()).isEqualTo(2);
        assertThat(plain.err()).contains("--password");
        var both = cli().runWithStdin("x", concat(base, "--password-stdin", "--password-file", file("pw", "y")));
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        var nothingPiped = cli().run(concat(base, "--password-stdin"));
        assertThat(nothingPiped.exitCode()).isEqualTo(1);
        assertThat(nothingPiped.err()).contains("no password on stdin");
        var missing = cli().run(concat(base, "--password-file", dir.resolve("absent").toString()));
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void configListShowVerifyDeleteAndRotateRoot_useTheirRoutes() {
        server.on("GET " + DB + "config", 200, DatabaseSamples.CONNECTIONS)
                .on("GET " + DB + "config/pg", 200, DatabaseSamples.CONNECTION)
                .on("POST " + DB + "config/pg/verify", 204, "")
                .on("DELETE " + DB + "config/pg", 204, "")
                .on("POST " + DB + "rotate-root/pg", 200, "{\"name\":\"pg\",\"rotated_at\":\"2026-12-02T10:00:00.000Z\"}");
        assertThat(ok(cli().run("database", "config", "list")).out()).isEqualTo(
                "NAME  PLUGIN      URL                               USERNAME  ALLOWED ROLES  TLS" + NL
                + "pg    postgresql  postgresql://127.0.0.1:5432/test  postgres  readonly       off" + NL);
        assertThat(ok(cli().run("database", "config", "show", "pg")).out()).contains("MAX OPEN       4" + NL);
        assertThat(ok(cli().run("database", "config", "verify", "pg")).out()).isEqualTo("Logged in to pg" + NL);
        assertThat(ok(cli().run("database", "config", "delete", "pg")).out()).isEqualTo("Deleted connection pg" + NL);
        assertThat(ok(cli().run("database", "rotate-root", "pg")).out()).isEqualTo("Rotated the root password of pg "
                + "at 2026-12-02T10:00:00.000Z; only Arca knows it now" + NL);
        assertThat(server.requests()).extracting(FakeArca.Request::route).containsExactly("GET " + DB + "config",
                "GET " + DB + "config/pg", "POST " + DB + "config/pg/verify", "DELETE " + DB + "config/pg",
                "POST " + DB + "rotate-root/pg");
    }

    @Test
    void configErrors_areOneLineWithTheServersMessage() {
        server.on("POST " + DB + "config/pg/verify", 503, DatabaseSamples.error("unavailable",
                        "cannot log in to pg: connection refused"))
                .on("DELETE " + DB + "config/pg", 409, DatabaseSamples.error("conflict", "role readonly names pg"));
        var verify = cli().run("database", "config", "verify", "pg");
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.err()).isEqualTo("error: cannot log in to pg: connection refused (unavailable, request req_1)" + NL);
        var delete = cli().run("database", "config", "delete", "pg");
        assertThat(delete.exitCode()).isEqualTo(1);
        assertThat(delete.err()).contains("role readonly names pg (conflict, request req_1)");
    }

    @Test
    void rolePut_sendsStatementsAndDurations_andShowPrintsEachStatement() throws IOException {
        server.on("PUT " + DB + "roles/readonly", 200, DatabaseSamples.ROLE);
        var result = ok(cli().run("database", "role", "put", "readonly", "--connection", "pg",
                "--creation-statement", "CREATE ROLE \"{{name}}\" LOGIN PASSWORD '{{password}}';",
                "--creation-statement", "GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{{name}}\";",
                "--revocation-statement", "DROP ROLE \"{{name}}\";", "--username-template", "ro_{{random 8}}",
                "--password-length", "32", "--default-ttl", "1h", "--max-ttl", "24h"));
        assertThat(server.last().body()).isEqualTo("{\"connection\":\"pg\",\"creation_statements\":[\"CREATE ROLE "
                + "\\\"{{name}}\\\" LOGIN PASSWORD '{{password}}';\",\"GRANT SELECT ON ALL TABLES IN SCHEMA public TO "
                + "\\\"{{name}}\\\";\"],\"revocation_statements\":[\"DROP ROLE \\\"{{name}}\\\";\"],"
                + "\"username_template\":\"ro_{{random 8}}\",\"password_policy\":{\"length\":32},"
                + "\"default_ttl\":\"1h\",\"max_ttl\":\"24h\"}");
        assertThat(result.out()).contains("CONNECTION         pg" + NL)
                .contains("CREATION           CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL "
                        + "'{{expiration}}';" + NL)
                .contains("REVOCATION         (plugin default)" + NL).contains("DEFAULT TTL        1h" + NL);
    }

    @Test
    void rolePut_creationFile_isOneStatementPerLine_andNotWithTheOption() throws IOException {
        server.on("PUT " + DB + "roles/readonly", 200, DatabaseSamples.ROLE);
        String statements = file("create.sql", "-- the user\nCREATE ROLE \"{{name}}\" LOGIN PASSWORD '{{password}}';\n"
                + "\n  GRANT SELECT ON t TO \"{{name}}\";  \n# done\n");
        ok(cli().run("database", "role", "put", "readonly", "--connection", "pg", "--creation-file", statements));
        assertThat(sent().get("creation_statements")).extracting(JsonNode::asText).containsExactly(
                "CREATE ROLE \"{{name}}\" LOGIN PASSWORD '{{password}}';", "GRANT SELECT ON t TO \"{{name}}\";");

        ok(cli().runWithStdin("~*\n+@read\n", "database", "role", "put", "readonly", "--connection", "pg",
                "--creation-file", "-"));
        assertThat(sent().get("creation_statements")).extracting(JsonNode::asText).containsExactly("~*", "+@read");
        int sentSoFar = server.requests().size();

        var both = cli().run("database", "role", "put", "readonly", "--connection", "pg", "--creation-file",
                statements, "--creation-statement", "X");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
        var empty = cli().run("database", "role", "put", "readonly", "--connection", "pg", "--creation-file",
                file("empty.sql", "-- nothing\n\n"));
        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.err()).contains("holds no statement");
        var ttl = cli().run("database", "role", "put", "readonly", "--connection", "pg", "--max-ttl", "a day");
        assertThat(ttl.exitCode()).isEqualTo(2);
        assertThat(ttl.err()).contains("--max-ttl");
        assertThat(server.requests()).hasSize(sentSoFar);
    }

    @Test
    void roleListShowDelete() throws IOException {
        server.on("GET " + DB + "roles", 200, DatabaseSamples.ROLES).on("GET " + DB + "roles/readonly", 200,
                DatabaseSamples.ROLE).on("DELETE " + DB + "roles/readonly", 204, "");
        assertThat(ok(cli().run("database", "role", "list")).out()).isEqualTo(
                "NAME      CONNECTION  DEFAULT TTL  MAX TTL  USERNAME TEMPLATE" + NL
                + "readonly  pg          1h           24h      v_{{role}}_{{random 10}}_{{unix_time}}" + NL);
        var json = Json.lenient().readTree(ok(cli().run("database", "role", "show", "readonly", "--format", "json"))
                .out());
        assertThat(json.get("password_policy").get("length").asInt()).isEqualTo(24);
        assertThat(ok(cli().run("database", "role", "delete", "readonly")).out()).isEqualTo("Deleted role readonly"
                + NL);
    }

    @Test
    void creds_table_showsThePasswordOnce_withTheNote() throws IOException {
        server.on(CREDS, 200, DatabaseSamples.CREDENTIALS);
        var result = ok(cli().run("database", "creds", "readonly", "--ttl", "30m"));
        assertThat(server.last().body()).isEqualTo("{\"ttl\":\"30m\"}");
        assertThat(result.out()).startsWith("LEASE        lease_db1" + NL + "USERNAME     v_readonly_a1b2c3d4e5_1764669600"
                + NL + "PASSWORD     " + DatabaseSamples.PASSWORD + NL + "URL          postgresql://127.0.0.1:5432/test"
                + NL).contains("The password is shown this once").contains("arca lease release lease_db1");
        assertThat(result.out().split(java.util.regex.Pattern.quote(DatabaseSamples.PASSWORD), -1)).hasSize(2);
        assertThat(result.err()).isEmpty();
    }

    @Test
    void creds_jsonIsTheWireRecord_andEnvIsSourceableLines() throws IOException {
        server.on(CREDS, 200, DatabaseSamples.CREDENTIALS);
        JsonNode json = Json.lenient().readTree(ok(cli().run("database", "creds", "readonly", "--format", "json"))
                .out());
        assertThat(server.last().body()).isEqualTo("{}");
        assertThat(json.get("lease_id").asText()).isEqualTo("lease_db1");
        assertThat(json.get("data").get("password").asText()).isEqualTo(DatabaseSamples.PASSWORD);
        assertThat(json.get("lease_duration").asLong()).isEqualTo(3600);

        var env = ok(cli().run("database", "creds", "readonly", "--format", "env"));
        assertThat(env.out()).isEqualTo("DB_USERNAME=\"v_readonly_a1b2c3d4e5_1764669600\"" + NL
                + "DB_PASSWORD=\"" + DatabaseSamples.PASSWORD + "\"" + NL
                + "DB_URL=\"postgresql://127.0.0.1:5432/test\"" + NL + "LEASE_ID=\"lease_db1\"" + NL);
        assertThat(EnvFile.parse(env.out(), "creds").variables(java.util.Map.of()))
                .containsEntry("DB_PASSWORD", DatabaseSamples.PASSWORD).containsEntry("LEASE_ID", "lease_db1");
    }

    @Test
    void creds_warningsGoToStderr_andRefusalsAreOneErrorLine() {
        server.once(CREDS, 200, DatabaseSamples.CREDENTIALS.replace("\"warnings\":[]",
                        "\"warnings\":[\"ttl 48h is over the role's max_ttl: clamped to 24h\"]"), java.util.Map.of())
                .once(CREDS, 403, DatabaseSamples.error("access_denied", "role readonly is not in allowed_roles of pg"),
                        java.util.Map.of());
        var clamped = ok(cli().run("database", "creds", "readonly", "--ttl", "48h", "--format", "env"));
        assertThat(clamped.err()).isEqualTo("warning: ttl 48h is over the role's max_ttl: clamped to 24h" + NL);
        assertThat(clamped.out()).doesNotContain("warning");
        var denied = cli().run("database", "creds", "readonly");
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.err()).contains("not in allowed_roles of pg (access_denied, request req_1)").doesNotContain("PASSWORD");
        assertThat(cli().run("database", "creds", "readonly", "--format", "yaml").exitCode()).isEqualTo(2);
    }

    @Test
    void staticRolePut_sendsUserPeriodAndStatements_andPrintsTheRoleWithTheNote() throws IOException {
        server.on("PUT " + DB + "static-roles/app", 200, DatabaseSamples.STATIC_ROLE);
        var result = ok(cli().run("database", "static-role", "put", "app", "--connection", "pg", "--username", "app",
                "--rotation-period", "12h", "--rotation-statement", "ALTER ROLE \"{{name}}\" PASSWORD '{{password}}';",
                "--rotation-statement", "SELECT 1;"));
        assertThat(server.last().body()).isEqualTo("{\"connection\":\"pg\",\"username\":\"app\","
                + "\"rotation_period\":\"12h\",\"rotation_statements\":[\"ALTER ROLE \\\"{{name}}\\\" PASSWORD "
                + "'{{password}}';\",\"SELECT 1;\"]}");
        assertThat(result.out()).contains("NAME             app" + NL).contains("USERNAME         app" + NL)
                .contains("ROTATION PERIOD  24h" + NL).contains("STATEMENTS       (plugin default)" + NL)
                .contains("NEXT ROTATION    2026-12-03T10:00:00.000Z" + NL).contains("LAST ERROR       -" + NL)
                .contains("only Arca knows it now").contains("arca database static-creds app")
                .doesNotContain(DatabaseSamples.STATIC_PASSWORD);

        ok(cli().run("database", "static-role", "put", "app", "--connection", "pg", "--username", "app"));
        assertThat(server.last().body()).as("left out: the server's defaults")
                .isEqualTo("{\"connection\":\"pg\",\"username\":\"app\"}");
        var json = ok(cli().run("database", "static-role", "put", "app", "--connection", "pg", "--username", "app",
                "--format", "json"));
        assertThat(Json.lenient().readTree(json.out()).get("id").asText()).isEqualTo("dbs_1");
        assertThat(json.out()).doesNotContain("only Arca knows");
    }

    @Test
    void staticRolePut_aBadPeriodOrNoUser_isAUsageError_andSendsNothing() {
        var period = cli().run("database", "static-role", "put", "app", "--connection", "pg", "--username", "app",
                "--rotation-period", "daily");
        assertThat(period.exitCode()).isEqualTo(2);
        assertThat(period.err()).contains("--rotation-period");
        var noUser = cli().run("database", "static-role", "put", "app", "--connection", "pg");
        assertThat(noUser.exitCode()).isEqualTo(2);
        assertThat(noUser.err()).contains("--username");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void staticRoleListShowDelete_andRotateRole_useTheirRoutes() throws IOException {
        server.on("GET " + DB + "static-roles", 200, DatabaseSamples.STATIC_ROLES)
                .on("GET " + DB + "static-roles/app", 200, DatabaseSamples.STATIC_ROLE.replace("\"created_at\"",
                        "\"last_error\":\"ERROR: role \\\"app\\\" does not exist\",\"created_at\""))
                .on("DELETE " + DB + "static-roles/app", 204, "")
                .on("POST " + DB + "rotate-role/app", 200, DatabaseSamples.STATIC_ROLE);
        assertThat(ok(cli().run("database", "static-role", "list")).out()).isEqualTo(
                "NAME  CONNECTION  USERNAME  ROTATION PERIOD  NEXT ROTATION             LAST ERROR" + NL
                + "app   pg          app       24h              2026-12-03T10:00:00.000Z  -" + NL);
        assertThat(ok(cli().run("database", "static-role", "show", "app")).out())
                .contains("LAST ERROR       ERROR: role \"app\" does not exist" + NL);
        var json = Json.lenient().readTree(ok(cli().run("database", "static-role", "show", "app", "--format",
                "json")).out());
        assertThat(json.get("last_error").asText()).contains("does not exist");
        assertThat(ok(cli().run("database", "static-role", "delete", "app")).out()).isEqualTo("Deleted static role "
                + "app; its user stays in the database, with the password Arca set last" + NL);
        assertThat(ok(cli().run("database", "rotate-role", "app")).out()).isEqualTo("Rotated the password of app "
                + "(static role app) at 2026-12-02T10:00:00.000Z; next rotation at 2026-12-03T10:00:00.000Z" + NL);
        var rotated = Json.lenient().readTree(ok(cli().run("database", "rotate-role", "app", "--format", "json"))
                .out());
        assertThat(rotated.get("next_rotation_at").asText()).isEqualTo("2026-12-03T10:00:00.000Z");
        assertThat(server.requests()).extracting(FakeArca.Request::route).containsExactly(
                "GET " + DB + "static-roles", "GET " + DB + "static-roles/app", "GET " + DB + "static-roles/app",
                "DELETE " + DB + "static-roles/app", "POST " + DB + "rotate-role/app",
                "POST " + DB + "rotate-role/app");
    }

    @Test
    void staticCreds_tableJsonAndEnv_showTheCurrentPassword() throws IOException {
        server.on("GET " + DB + "static-creds/app", 200, DatabaseSamples.STATIC_CREDENTIALS);
        var table = ok(cli().run("database", "static-creds", "app"));
        assertThat(table.out()).startsWith("USERNAME       app" + NL + "PASSWORD       "
                + DatabaseSamples.STATIC_PASSWORD + NL + "URL            postgresql://127.0.0.1:5432/test" + NL)
                .contains("NEXT ROTATION  2026-12-03T10:00:00.000Z" + NL).contains("TTL            24h" + NL)
                .contains("arca database static-creds app");
        assertThat(server.last().route()).isEqualTo("GET " + DB + "static-creds/app");

        JsonNode json = Json.lenient().readTree(ok(cli().run("database", "static-creds", "app", "--format", "json"))
                .out());
        assertThat(json.get("password").asText()).isEqualTo(DatabaseSamples.STATIC_PASSWORD);
        assertThat(json.get("ttl").asLong()).isEqualTo(86400);

        var env = ok(cli().run("database", "static-creds", "app", "--format", "env"));
        assertThat(env.out()).isEqualTo("DB_USERNAME=\"app\"" + NL + "DB_PASSWORD=\"" + DatabaseSamples.STATIC_PASSWORD
                + "\"" + NL + "DB_URL=\"postgresql://127.0.0.1:5432/test\"" + NL);
        assertThat(EnvFile.parse(env.out(), "static-creds").variables(java.util.Map.of()))
                .containsEntry("DB_PASSWORD", DatabaseSamples.STATIC_PASSWORD);
    }

    @Test
    void staticCreds_unknownRole_isOneErrorLine_andAnUnknownFormatIsAUsageError() {
        server.on("GET " + DB + "static-creds/gone", 404, DatabaseSamples.error("not_found",
                "static role gone does not exist"));
        var gone = cli().run("database", "static-creds", "gone");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("error: static role gone does not exist (not_found, request req_1)" + NL);
        assertThat(gone.out()).isEmpty();
        assertThat(cli().run("database", "static-creds", "gone", "--format", "yaml").exitCode()).isEqualTo(2);
        assertThat(server.requests()).hasSize(1);
    }

    private static String[] concat(String[] base, String... more) {
        var all = new java.util.ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
