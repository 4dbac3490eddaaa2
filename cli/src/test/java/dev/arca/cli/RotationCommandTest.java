package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.Rotation;
import dev.arca.api.SecretText;
import dev.arca.api.WatchEvent;
import dev.arca.sdk.DatabaseSamples;
import dev.arca.sdk.FakeArca;
import dev.arca.sdk.RotationSamples;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code arca rotation …} against canned answers: what it sends, what it refuses before sending, and what it prints;
 * and how {@code secret metadata}, {@code secret watch} and {@code run --watch} treat rotation.
 */
class RotationCommandTest {
    private static final String NL = System.lineSeparator();
    private static final String ROT = "/v1/vaults/prod/rotation/";
    private static final String POLICY = ROT + "policies/api-keys";

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
        var group = ok(cli().run("rotation", "--help"));
        assertThat(group.out()).contains("create", "update", "show", "list", "delete", "assign", "unassign",
                "trigger", "history", "due");
        assertThat(ok(cli().run("--help")).out()).contains("rotation");
        for (String leaf : java.util.List.of("create", "update", "show", "list", "delete", "assign", "unassign",
                "trigger", "history", "due")) {
            var help = ok(cli().run("rotation", leaf, "--help"));
            assertThat(help.out()).as(leaf).contains("--addr", "--vault", "--format", "--identity");
        }
    }

    // create and update

    @Test
    void create_checksThatTheNameIsFree_thenPutsTheOptions_andPrintsThePolicy() {
        server.on("PUT " + POLICY, 200, RotationSamples.POLICY);
        var result = ok(cli().run("rotation", "create", "api-keys", "--interval", "90d", "--grace", "48h",
                "--warn-before", "7d, 1d", "--length", "32", "--no-symbols", "--field", "password", "--field",
                "token", "--max-attempts", "5"));
        assertThat(server.requests()).extracting(FakeArca.Request::route).containsExactly("GET " + POLICY,
                "PUT " + POLICY);
        assertThat(server.last().body()).isEqualTo("{\"interval\":\"90d\",\"grace\":\"48h\",\"warn_before\":[\"7d\","
                + "\"24h\"],\"kind\":\"generate\",\"generate\":{\"length\":32,\"symbols\":false},\"fields\":"
                + "[\"password\",\"token\"],\"max_attempts\":5}");
        assertThat(result.out()).contains("NAME          api-keys" + NL).contains("INTERVAL      every 90d" + NL)
                .contains("WARN BEFORE   7d,1d" + NL).contains("GENERATE      length 32" + NL)
                .contains("ASSIGNED      prefix app/" + NL).contains("SECRETS       2" + NL);
    }

    @Test
    void create_ofOtherKinds_sendsOnlyTheirOptions() {
        server.on("PUT " + ROT + "policies/db-weekly", 200, RotationSamples.DATABASE_POLICY)
                .on("PUT " + ROT + "policies/partner", 200, RotationSamples.POLICY);
        var database = ok(cli().run("rotation", "create", "db-weekly", "--schedule", "0 3 * * SUN", "--window", "2h",
                "--database", "pg", "--username-field", "user", "--rotation-statement",
                "ALTER ROLE \"{{name}}\" PASSWORD '{{password}}'", "--length", "40"));
        assertThat(server.last().body()).isEqualTo("{\"schedule\":\"0 3 * * SUN\",\"window\":\"2h\","
                + "\"kind\":\"database\",\"generate\":{\"length\":40},\"database\":{\"connection\":\"pg\","
                + "\"username_field\":\"user\",\"rotation_statements\":[\"ALTER ROLE \\\"{{name}}\\\" PASSWORD "
                + "'{{password}}'\"]}}");
        assertThat(database.out()).contains("SCHEDULE        0 3 * * SUN" + NL).contains("CONNECTION      pg" + NL)
                .contains("ASSIGNED        secret app/db (sk_9)" + NL);
        ok(cli().run("rotation", "create", "partner", "--interval", "30d", "--push", "--warn-before", "3d"));
        assertThat(server.last().body()).isEqualTo("{\"interval\":\"30d\",\"warn_before\":[\"72h\"],"
                + "\"kind\":\"push\"}");
    }

    @Test
    void create_whenThePolicyExists_isRefusedWithoutPutting() {
        server.on("GET " + POLICY, 200, RotationSamples.POLICY);
        var result = cli().run("rotation", "create", "api-keys", "--interval", "30d");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: rotation policy api-keys exists already: change it with arca "
                + "rotation update api-keys, or delete it first" + NL);
        assertThat(server.requests()).extracting(FakeArca.Request::method).containsExactly("GET");
    }

    @Test
    void update_keepsWhatIsNotGiven_andChangesWhatIs() {
        server.on("GET " + POLICY, 200, RotationSamples.POLICY).on("PUT " + POLICY, 200, RotationSamples.POLICY);
        ok(cli().run("rotation", "update", "api-keys", "--grace", "72h", "--no-upper"));
        assertThat(server.last().body()).isEqualTo("{\"interval\":\"90d\",\"grace\":\"72h\",\"warn_before\":[\"7d\","
                + "\"1d\"],\"kind\":\"generate\",\"generate\":{\"length\":32,\"upper\":false},\"max_attempts\":3}");
        ok(cli().run("rotation", "update", "api-keys", "--schedule", "0 3 1 * *"));
        assertThat(server.last().body()).as("a schedule replaces the interval").startsWith("{\"schedule\":"
                + "\"0 3 1 * *\",\"grace\":\"48h\"");
        ok(cli().run("rotation", "update", "api-keys", "--database", "pg"));
        assertThat(server.last().body()).as("another kind: the generate look is kept, the fields are not")
                .isEqualTo("{\"interval\":\"90d\",\"grace\":\"48h\",\"warn_before\":[\"7d\",\"1d\"],"
                        + "\"kind\":\"database\",\"generate\":{\"length\":32},\"database\":{\"connection\":\"pg\"},"
                        + "\"max_attempts\":3}");
        ok(cli().run("rotation", "update", "api-keys", "--push"));
        assertThat(server.last().body()).doesNotContain("generate").contains("\"kind\":\"push\"");
    }

    @Test
    void update_ofAMissingPolicy_orWithNothingToChange_isRefused() {
        var missing = cli().run("rotation", "update", "api-keys", "--interval", "30d");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no rotation policy api-keys in this vault: create it with arca rotation "
                + "create api-keys");
        assertThat(server.requests()).extracting(FakeArca.Request::method).containsExactly("GET");
        server.requests().clear();
        assertThat(refused("rotation", "update", "api-keys").err()).contains("nothing to change");
    }

    @Test
    void update_withAnOptionOfAnotherKind_thanTheStoredOne_isRefusedBeforePutting() {
        server.on("GET " + POLICY, 200, RotationSamples.POLICY);
        var result = cli().run("rotation", "update", "api-keys", "--password-field", "pw");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("go with --database CONNECTION");
        assertThat(server.requests()).extracting(FakeArca.Request::method).containsExactly("GET");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--interval 90d --schedule @weekly                    | give --interval or --schedule, not both",
        "--grace 1h                                           | give --interval DURATION (e.g. 90d) or --schedule CRON",
        "--interval 90x                                       | --interval: '90x' is not a duration",
        "--interval 0s                                        | --interval must be longer than 0s",
        "--interval 1d --warn-before 7d,soon                  | --warn-before: 'soon' is not a duration",
        "--interval 1d --warn-before 7d,,1d                   | --warn-before: '' is not a duration",
        "--interval 1d --generate --push                      | choose one kind: --generate, --database CONNECTION or --push",
        "--interval 1d --database pg --push                   | choose one kind",
        "--interval 1d --push --length 20                     | do not go with --push",
        "--interval 1d --push --field password                | do not go with --push",
        "--interval 1d --username-field u                     | --username-field, --password-field and --rotation-statement go with --database",
        "--interval 1d --generate --rotation-statement x      | go with --database CONNECTION",
        "--interval 1d --database pg --field password         | --field goes with --generate",
        "--interval 1d --field pw --field pw                  | --field pw is given twice",
        "--schedule ' '                                       | --schedule needs a 5-field cron expression",
    })
    void create_refusesOptionsThatDoNotGoTogether_beforeSendingAnything(String options, String message) {
        var args = new java.util.ArrayList<>(java.util.List.of("rotation", "create", "api-keys"));
        args.addAll(java.util.List.of(options.replace("' '", "\u0000").split(" ")));
        args.replaceAll(arg -> arg.equals("\u0000") ? " " : arg);
        assertThat(refused(args.toArray(String[]::new)).err()).contains(message);
    }

    // show, list, delete

    @Test
    void showListDelete_useTheirRoutes() {
        server.on("GET " + POLICY, 200, RotationSamples.POLICY).on("GET " + ROT + "policies", 200,
                RotationSamples.POLICIES).on("DELETE " + POLICY, 204, "");
        assertThat(ok(cli().run("rotation", "show", "api-keys")).out()).contains("GRACE         48h" + NL);
        assertThat(ok(cli().run("rotation", "list")).out()).isEqualTo(
                "NAME       KIND      WHEN         GRACE  WARN BEFORE  SECRETS" + NL
                + "api-keys   generate  every 90d    48h    7d,1d        2" + NL
                + "db-weekly  database  0 3 * * SUN  -      -            1" + NL);
        assertThat(ok(cli().run("rotation", "delete", "api-keys")).out()).isEqualTo("Deleted rotation policy api-keys"
                + NL);
        assertThat(ok(cli().run("rotation", "show", "api-keys", "--format", "json")).out()).contains(
                "\"warn_before\" : [ \"7d\", \"1d\" ]");
    }

    // assign and unassign

    @Test
    void assignAndUnassign_sendExactlyOneTarget() {
        server.on("POST " + POLICY + "/assign", 200, RotationSamples.ASSIGNMENT)
                .on("POST " + POLICY + "/unassign", 204, "");
        assertThat(ok(cli().run("rotation", "assign", "api-keys", "--prefix", "app/")).out())
                .isEqualTo("Assigned api-keys to prefix app/ (rasg_1)" + NL);
        assertThat(server.last().body()).isEqualTo("{\"prefix\":\"app/\"}");
        assertThat(ok(cli().run("rotation", "unassign", "api-keys", "--secret", "app/api-key")).out())
                .isEqualTo("Unassigned api-keys from secret app/api-key" + NL);
        assertThat(server.last().body()).isEqualTo("{\"secret\":\"app/api-key\"}");
        ok(cli().run("rotation", "assign", "api-keys", "--tag", "rotate-weekly"));
        assertThat(server.last().body()).isEqualTo("{\"tag\":\"rotate-weekly\"}");
        server.requests().clear();
        assertThat(refused("rotation", "assign", "api-keys").err()).contains("--secret", "--prefix", "--tag");
        assertThat(refused("rotation", "assign", "api-keys", "--prefix", "app/", "--tag", "t").err())
                .contains("mutually exclusive");
    }

    @Test
    void assign_aSecretCoveredByAnotherPolicy_saysWhichOne() {
        server.on("POST " + ROT + "policies/other/assign", 409, DatabaseSamples.error("conflict",
                "app/api-key is already covered by policy api-keys"));
        var result = cli().run("rotation", "assign", "other", "--secret", "app/api-key");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("app/api-key is already covered by policy api-keys");
    }

    // trigger

    @Test
    void trigger_printsTheRunsStarted_andSendsTheSecretsNamed() {
        server.on("POST " + POLICY + "/trigger", 202, RotationSamples.TRIGGERED);
        var result = ok(cli().run("rotation", "trigger", "api-keys", "--secret", "app/api-key"));
        assertThat(server.last().body()).isEqualTo("{\"secrets\":[\"app/api-key\"]}");
        assertThat(result.out()).startsWith("Started 1 rotation; follow with arca rotation history --policy api-keys"
                + NL).contains("rrun_1  app/api-key  api-keys  pending");
        ok(cli().run("rotation", "trigger", "api-keys"));
        assertThat(server.last().body()).isEqualTo("{}");
    }

    @Test
    void triggerWait_followsEachRunToItsEnd() {
        server.on("POST " + POLICY + "/trigger", 202, RotationSamples.TRIGGERED)
                .once("GET " + ROT + "runs/rrun_1", 200, RotationSamples.RUN_PENDING, Map.of())
                .on("GET " + ROT + "runs/rrun_1", 200, RotationSamples.RUN_FINISHED);
        var result = ok(cli().run("rotation", "trigger", "api-keys", "--wait", "--timeout", "30s"));
        assertThat(result.out()).contains("rrun_1  app/api-key  api-keys  finished  trigger  2");
        assertThat(server.requests()).extracting(FakeArca.Request::route).containsExactly("POST " + POLICY
                + "/trigger", "GET " + ROT + "runs/rrun_1", "GET " + ROT + "runs/rrun_1");
    }

    @Test
    void triggerWait_exitsNonZero_whenARunFails_sayingWhy() {
        server.on("POST " + POLICY + "/trigger", 202, RotationSamples.TRIGGERED)
                .on("GET " + ROT + "runs/rrun_1", 200, RotationSamples.RUN_FAILED);
        var result = cli().run("rotation", "trigger", "api-keys", "--wait");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("failed").contains("cannot log in to pg: refused");
        assertThat(result.err()).isEqualTo("error: 1 of 1 rotations failed" + NL);
        server.requests().clear();
        assertThat(refused("rotation", "trigger", "api-keys", "--timeout", "10s").err())
                .contains("--timeout goes with --wait");
    }

    // history and due

    @Test
    void history_isATableOfRuns_withTheFiltersAsQuery() {
        server.on("GET " + ROT + "runs?policy=api-keys&secret=app%2Fapi-key&status=finished&limit=5", 200,
                RotationSamples.RUNS);
        var result = ok(cli().run("rotation", "history", "--policy", "api-keys", "--secret", "app/api-key",
                "--status", "finished", "--limit", "5"));
        assertThat(result.out()).isEqualTo(
                "RUN     SECRET       POLICY    STATUS    TRIGGER  VERSION  ATTEMPTS  STARTED                   "
                + "FINISHED                  ERROR" + NL
                + "rrun_1  app/api-key  api-keys  finished  trigger  2        1         2026-12-02T10:00:00.000Z  "
                + "2026-12-02T10:00:02.000Z  -" + NL
                + "More: --cursor c2" + NL);
        assertThat(refusedAfter("rotation", "history", "--limit", "0").err()).contains("--limit must be at least 1");
    }

    @Test
    void due_marksTheOverdue_andCountsThem() {
        server.on("GET " + ROT + "due?within=2h", 200, RotationSamples.DUE)
                .on("GET " + ROT + "due?within=24h", 200, "{\"data\":[],\"has_more\":false}");
        assertThat(ok(cli().run("rotation", "due", "--within", "2h")).out()).isEqualTo(
                "SECRET       POLICY    NEXT ROTATION (UTC)               LAST STATUS  RUN" + NL
                + "app/old-key  api-keys  2026-12-01T09:00:00.000Z OVERDUE  failed       -" + NL
                + "app/api-key  api-keys  2026-12-02T12:00:00.000Z          finished     -" + NL
                + "1 overdue" + NL);
        assertThat(ok(cli().run("rotation", "due")).out()).isEqualTo("Nothing rotates within 24h" + NL);
        server.on("GET " + ROT + "due?within=7d&limit=5", 200, "{\"data\":[{\"secret_id\":\"sk_1\","
                + "\"path\":\"app/api-key\",\"policy\":\"api-keys\",\"next_rotation_at\":"
                + "\"2026-12-02T12:00:00.000Z\",\"overdue\":false,\"run_id\":\"rrun_4\"}],\"has_more\":false}");
        assertThat(ok(cli().run("rotation", "due", "--within", "7d", "--limit", "5")).out()).as("none overdue")
                .isEqualTo("SECRET       POLICY    NEXT ROTATION (UTC)       LAST STATUS  RUN" + NL
                        + "app/api-key  api-keys  2026-12-02T12:00:00.000Z  -            rrun_4" + NL);
        assertThat(refusedAfter("rotation", "due", "--within", "soon").err()).contains("--within");
    }

    private Cli.Result refusedAfter(String... args) {
        server.requests().clear();
        return refused(args);
    }

    // the rotation state and events elsewhere in the CLI

    @Test
    void secretMetadata_showsTheRotationState_onlyWhenCovered() {
        String base = "{\"id\":\"sk_1\",\"path\":\"app/api-key\",\"project_id\":\"proj_1\",\"type\":\"string\","
                + "\"current_version\":2,\"max_versions\":10,\"created_by\":\"u\",\"updated_by\":\"u\","
                + "\"deleted\":false,\"destroyed\":false,\"versions\":[]";
        server.on("GET /v1/vaults/prod/secrets/app/api-key/metadata", 200, base + ",\"rotation\":{\"policy\":"
                + "\"api-keys\",\"next_rotation_at\":\"2026-12-02T12:00:00.000Z\",\"last_rotated_at\":"
                + "\"2026-12-02T11:00:00.000Z\",\"last_status\":\"finished\",\"run_id\":\"rrun_3\"}}")
                .on("GET /v1/vaults/prod/secrets/app/other/metadata", 200, base + "}");
        assertThat(ok(cli().run("secret", "metadata", "app/api-key")).out())
                .contains("rotation_policy   api-keys" + NL).contains("next_rotation_at  2026-12-02T12:00:00.000Z" + NL)
                .contains("last_rotated_at   2026-12-02T11:00:00.000Z" + NL).contains("last_status       finished" + NL)
                .contains("run_id            rrun_3 (in progress)" + NL);
        assertThat(ok(cli().run("secret", "metadata", "app/other")).out()).doesNotContain("rotation");
    }

    @Test
    void secretWatch_linesSayWhatARotationEventAdds_neverTheValue() {
        Instant now = Instant.parse("2026-12-02T10:00:00.5Z");
        var rotated = new WatchEvent(WatchEvent.ROTATED, "sk_1", "app/api-key", 2, SecretText.of("n3w"), null,
                new Rotation.Notice("api-keys", "rrun_1", null, null));
        assertThat(SecretWatchCommand.line(rotated, now))
                .isEqualTo("2026-12-02T10:00:00.500Z rotated app/api-key v2 policy api-keys run rrun_1");
        var due = new WatchEvent(WatchEvent.ROTATION_DUE, "sk_1", "app/api-key", 2, null, null,
                new Rotation.Notice("api-keys", null, Instant.parse("2026-12-03T10:00:00.000Z"), null));
        assertThat(SecretWatchCommand.line(due, now))
                .isEqualTo("2026-12-02T10:00:00.500Z rotation_due app/api-key v2 policy api-keys due 2026-12-03T10:00:00.000Z");
        var failed = new WatchEvent(WatchEvent.ROTATION_FAILED, "sk_1", "app/api-key", 2, null, null,
                new Rotation.Notice("api-keys", "rrun_2", null, "database refused"));
        assertThat(SecretWatchCommand.line(failed, now)).isEqualTo(
                "2026-12-02T10:00:00.500Z rotation_failed app/api-key v2 policy api-keys run rrun_2: database refused");
        var changed = new WatchEvent(WatchEvent.CHANGED, "sk_1", "app/api-key", 3, SecretText.of("n3w"), null, null);
        assertThat(SecretWatchCommand.line(changed, now)).isEqualTo("2026-12-02T10:00:00.500Z changed app/api-key v3");
    }

    @Test
    void runWatch_restartsOnARotatedValue_andOnlySaysTheNotices() {
        var notice = new Rotation.Notice("api-keys", "rrun_2", Instant.parse("2026-12-03T10:00:00.000Z"), "refused");
        assertThat(RunCommand.restarts(event(WatchEvent.CHANGED, null))).isTrue();
        assertThat(RunCommand.restarts(event(WatchEvent.ROTATED, notice))).isTrue();
        assertThat(RunCommand.restarts(event(WatchEvent.DELETED, null))).isTrue();
        assertThat(RunCommand.restarts(event(WatchEvent.ROTATION_DUE, notice))).isFalse();
        assertThat(RunCommand.restarts(event(WatchEvent.ROTATION_FAILED, notice))).isFalse();
        assertThat(RunCommand.restarts(event(WatchEvent.ACCESS_DENIED, null))).isFalse();
        assertThat(RunCommand.notice(event(WatchEvent.ROTATION_DUE, new Rotation.Notice("api-keys", null,
                Instant.parse("2026-12-03T10:00:00.000Z"), null))))
                .isEqualTo("arca run: app/api-key is due for rotation at 2026-12-03T10:00:00.000Z (policy api-keys)");
        assertThat(RunCommand.notice(event(WatchEvent.ROTATION_FAILED, new Rotation.Notice("api-keys", "rrun_2", null,
                "refused")))).isEqualTo("arca run: the rotation of app/api-key failed (policy api-keys, run rrun_2): "
                + "refused; the program keeps the current value");
        assertThat(RunCommand.notice(event(WatchEvent.ROTATED, notice))).isNull();
    }

    private static WatchEvent event(String type, Rotation.Notice notice) {
        return new WatchEvent(type, "sk_1", "app/api-key", 2, null, null, notice);
    }
}
