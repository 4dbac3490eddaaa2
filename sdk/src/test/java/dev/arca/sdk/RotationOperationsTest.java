package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.Rotation;
import dev.arca.api.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The requests {@link RotationOperations} and its async twin send to {@code /v1/vaults/{vault}/rotation/…}. */
class RotationOperationsTest {
    private static final String ROT = "/v1/vaults/default/rotation/";

    private final FakeArca server = new FakeArca();
    private final ArcaClient client = ArcaClient.builder().address(server.address()).token("arca_tok").vault("default")
            .retries(0).build();
    private final RotationOperations rotation = client.rotation();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void putPolicy_sendsTheWrite_inSnakeCase_withoutWhatIsLeftToTheServer() {
        server.on("PUT " + ROT + "policies/api-keys", 200, RotationSamples.POLICY);
        Rotation.Policy policy = rotation.putPolicy("api-keys", Rotation.PolicyWrite.every(Duration.ofDays(90))
                .grace(Duration.ofDays(2)).warnBefore(Duration.ofDays(7), Duration.ofDays(1))
                .generate(new Secret.Generate(32, null, null, null, false, null)).maxAttempts(3).build());
        assertThat(server.last().body()).isEqualTo("{\"interval\":\"90d\",\"grace\":\"48h\","
                + "\"warn_before\":[\"7d\",\"24h\"],\"kind\":\"generate\",\"generate\":{\"length\":32,"
                + "\"symbols\":false},\"max_attempts\":3}");
        assertThat(server.last().authorization()).isEqualTo("Bearer arca_tok");
        assertThat(policy.id()).isEqualTo("rpol_1");
        assertThat(policy.warnBefore()).containsExactly("7d", "1d");
        assertThat(policy.assignments()).extracting(Rotation.Assignment::target).containsExactly("app/");
        assertThat(policy.secrets()).isEqualTo(2);

        server.on("PUT " + ROT + "policies/db-weekly", 200, RotationSamples.DATABASE_POLICY);
        var database = rotation.putPolicy("db-weekly", Rotation.PolicyWrite.schedule("0 3 * * SUN")
                .window(Duration.ofHours(2)).database(Rotation.Database.of("pg")).build());
        assertThat(server.last().body()).isEqualTo("{\"schedule\":\"0 3 * * SUN\",\"window\":\"2h\","
                + "\"kind\":\"database\",\"database\":{\"connection\":\"pg\"}}");
        assertThat(database.database().usernameField()).isEqualTo("username");
        assertThat(database.assignments().get(0).path()).isEqualTo("app/db");
    }

    @Test
    void policies_readListDelete_useTheirRoutes_withTheNameEncoded() {
        server.on("GET " + ROT + "policies/api%20keys%2F1", 200, RotationSamples.POLICY)
                .on("GET " + ROT + "policies", 200, RotationSamples.POLICIES)
                .on("DELETE " + ROT + "policies/api-keys", 204, "");
        assertThat(rotation.policy("api keys/1").name()).isEqualTo("api-keys");
        assertThat(rotation.policies().data()).extracting(Rotation.Policy::name)
                .containsExactly("api-keys", "db-weekly");
        rotation.deletePolicy("api-keys");
        assertThat(server.requests()).extracting(FakeArca.Request::route).containsExactly(
                "GET " + ROT + "policies/api%20keys%2F1", "GET " + ROT + "policies",
                "DELETE " + ROT + "policies/api-keys");
        assertThatThrownBy(() -> rotation.policy("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("policy");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void assignAndUnassign_postTheTarget_andAConflictNamesTheCoveringPolicy() {
        server.on("POST " + ROT + "policies/api-keys/assign", 200, RotationSamples.ASSIGNMENT)
                .on("POST " + ROT + "policies/api-keys/unassign", 204, "")
                .on("POST " + ROT + "policies/other/assign", 409, DatabaseSamples.error("conflict",
                        "app/api-key is already covered by policy api-keys"));
        Rotation.Assignment assignment = rotation.assign("api-keys", Rotation.Assign.prefix("app/"));
        assertThat(server.last().body()).isEqualTo("{\"prefix\":\"app/\"}");
        assertThat(assignment.type()).isEqualTo("prefix");
        rotation.unassign("api-keys", Rotation.Assign.tag("rotate-weekly"));
        assertThat(server.last().body()).isEqualTo("{\"tag\":\"rotate-weekly\"}");
        assertThatThrownBy(() -> rotation.assign("other", Rotation.Assign.secret("app/api-key")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("covered by policy api-keys");
        assertThat(server.last().body()).isEqualTo("{\"secret\":\"app/api-key\"}");
    }

    @Test
    void trigger_readsThe202_andSendsTheSecretsOnlyWhenNamed() {
        server.on("POST " + ROT + "policies/api-keys/trigger", 202, RotationSamples.TRIGGERED);
        Rotation.Triggered all = rotation.trigger("api-keys", Rotation.Trigger.all());
        assertThat(server.last().body()).isEqualTo("{}");
        assertThat(all.runs()).extracting(Rotation.Run::id).containsExactly("rrun_1");
        assertThat(all.runs().get(0).status()).isEqualTo(Rotation.PENDING);
        rotation.trigger("api-keys", Rotation.Trigger.only(List.of("app/api-key", "sk_2")));
        assertThat(server.last().body()).isEqualTo("{\"secrets\":[\"app/api-key\",\"sk_2\"]}");
    }

    @Test
    void history_sendsOnlyTheFiltersGiven_encoded_andReadsTheCursor() {
        server.on("GET " + ROT + "runs", 200, RotationSamples.RUNS)
                .on("GET " + ROT + "runs?policy=api-keys&secret=app%2Fapi-key&status=finished&limit=5&cursor=c1",
                        200, RotationSamples.RUNS)
                .on("GET " + ROT + "runs/rrun_1", 200, RotationSamples.RUN_FINISHED);
        var page = rotation.history();
        assertThat(page.hasMore()).isTrue();
        assertThat(page.cursor()).isEqualTo("c2");
        Rotation.Run run = page.data().get(0);
        assertThat(run.version()).isEqualTo(2);
        assertThat(run.finishedAt()).isEqualTo(Instant.parse("2026-12-02T10:00:02Z"));
        rotation.history(RotationRunQuery.all().policy("api-keys").secret("app/api-key").status(Rotation.FINISHED)
                .limit(5).cursor("c1"));
        assertThat(rotation.run("rrun_1").status()).isEqualTo(Rotation.FINISHED);
        assertThat(server.requests()).extracting(FakeArca.Request::route).containsExactly("GET " + ROT + "runs",
                "GET " + ROT + "runs?policy=api-keys&secret=app%2Fapi-key&status=finished&limit=5&cursor=c1",
                "GET " + ROT + "runs/rrun_1");
        assertThatThrownBy(() -> RotationRunQuery.all().limit(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void due_sendsTheWindowAsADuration_andRefusesOneThatIsNot() {
        server.on("GET " + ROT + "due?within=24h", 200, RotationSamples.DUE)
                .on("GET " + ROT + "due?within=90m&limit=10", 200, RotationSamples.DUE);
        var due = rotation.due(Duration.ofHours(24)).data();
        assertThat(due).extracting(Rotation.Due::path).containsExactly("app/old-key", "app/api-key");
        assertThat(due.get(0).overdue()).isTrue();
        assertThat(due.get(1).lastRotatedAt()).isEqualTo(Instant.parse("2026-09-03T12:00:00Z"));
        rotation.due(Duration.ofMinutes(90), 10);
        assertThat(server.last().route()).isEqualTo("GET " + ROT + "due?within=90m&limit=10");
        assertThatThrownBy(() -> rotation.due(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("within");
        assertThatThrownBy(() -> rotation.due(Duration.ofHours(1), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void awaitRun_readsTheRunUntilItEnds_finishedOrFailed() {
        server.once("GET " + ROT + "runs/rrun_1", 200, RotationSamples.RUN_PENDING, Map.of())
                .once("GET " + ROT + "runs/rrun_1", 200, RotationSamples.run("rrun_1", "tested", null, 1, null, null),
                        Map.of())
                .on("GET " + ROT + "runs/rrun_1", 200, RotationSamples.RUN_FINISHED);
        Rotation.Run done = rotation.awaitRun("rrun_1", Duration.ofSeconds(30));
        assertThat(done.status()).isEqualTo(Rotation.FINISHED);
        assertThat(done.version()).isEqualTo(2);
        assertThat(server.requests()).hasSize(3);

        server.on("GET " + ROT + "runs/rrun_1", 200, RotationSamples.RUN_FAILED);
        Rotation.Run failed = rotation.awaitRun("rrun_1", Duration.ofSeconds(30));
        assertThat(failed.status()).as("a failed run is an answer, not an exception").isEqualTo(Rotation.FAILED);
        assertThat(failed.error()).isEqualTo("cannot log in to pg: refused");
    }

    @Test
    void awaitRun_givesUpAfterTheTimeout_sayingWhereTheRunStands() {
        server.on("GET " + ROT + "runs/rrun_1", 200, RotationSamples.RUN_PENDING);
        assertThatThrownBy(() -> rotation.awaitRun("rrun_1", Duration.ofMillis(300)))
                .isInstanceOfSatisfying(RotationTimeoutException.class,
                        e -> assertThat(e.run().status()).isEqualTo(Rotation.PENDING))
                .hasMessageContaining("rrun_1").hasMessageContaining("still pending after 300 ms");
        assertThat(server.requests()).extracting(FakeArca.Request::route).containsOnly("GET " + ROT + "runs/rrun_1");
        assertThatThrownBy(() -> rotation.awaitRun("rrun_1", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void asyncTwin_sendsTheSameRequests_andAwaitsOnATimer() {
        var async = client.async().rotation();
        server.on("POST " + ROT + "policies/api-keys/trigger", 202, RotationSamples.TRIGGERED)
                .once("GET " + ROT + "runs/rrun_1", 200, RotationSamples.RUN_PENDING, Map.of())
                .on("GET " + ROT + "runs/rrun_1", 200, RotationSamples.RUN_FINISHED)
                .on("GET /v1/vaults/other/rotation/due?within=1h", 200, RotationSamples.DUE);
        var run = async.trigger("api-keys", Rotation.Trigger.all()).join().runs().get(0);
        assertThat(async.awaitRun(run.id(), Duration.ofSeconds(30)).join().version()).isEqualTo(2);
        assertThat(async.withVault("other").due(Duration.ofHours(1)).join().data()).hasSize(2);

        server.on("GET " + ROT + "runs/rrun_2", 200, RotationSamples.run("rrun_2", "set", null, 1, null, null));
        assertThatThrownBy(() -> async.awaitRun("rrun_2", Duration.ofMillis(300)).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(RotationTimeoutException.class);
    }
}
