package dev.arca.server.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.Rotation;
import dev.arca.api.Secret;
import dev.arca.server.TestClock;
import dev.arca.server.secrets.PasswordGenerator;
import dev.arca.server.secrets.SecretRotation;
import dev.arca.server.storage.StorageUrl;
import dev.arca.server.storage.TestDatabases;
import dev.arca.server.watch.ChangeBus;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The run state machine on real storage (SQLite and PostgreSQL), with a target that fails or "dies" on cue: a node
 * that stops at any step leaves a run another node finishes once the claim lapsed, with the value the target holds;
 * a failed attempt's candidate is never used again; retries back off, then the run fails and the secret is due a
 * period later; two schedulers over one PostgreSQL rotate each due secret exactly once.
 */
class RotatorIT {
    @TempDir
    Path dir;
    final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    final List<RotationNode> nodes = new ArrayList<>();
    final ScriptedTarget target = new ScriptedTarget("first");

    static Stream<Arguments> storages() {
        return Stream.of(Arguments.of("sqlite"), Arguments.of("postgresql"));
    }

    @AfterEach
    void close() {
        nodes.forEach(RotationNode::close);
    }

    private RotationNode node(String storage) {
        StorageUrl url;
        if (storage.equals("sqlite")) {
            url = StorageUrl.sqlite(dir.resolve("arca.db"));
        } else {
            Optional<String> postgres = TestDatabases.freshPostgres();
            Assumptions.assumeTrue(postgres.isPresent(), "no PostgreSQL on 127.0.0.1:5432: skipping");
            url = StorageUrl.parse(postgres.get());
        }
        return keep(RotationNode.first(url, clock, policy -> target));
    }

    private RotationNode keep(RotationNode node) {
        nodes.add(node);
        return node;
    }

    /** A secret app/db = "first" (what the target holds), under an hourly policy of {@code attempts}. */
    private void assigned(RotationNode node, int attempts) {
        node.put("app/db", "first");
        node.policies.put("default", "p", Rotation.PolicyWrite.every(Duration.ofHours(1)).maxAttempts(attempts)
                .build());
        node.assignments.assign("default", "p", Rotation.Assign.secret("app/db"));
        target.renumber();
    }

    @ParameterizedTest
    @MethodSource("storages")
    void aNodeThatDiesAfterTheTargetTookTheValue_isTakenOverOnceItsClaimLapses(String storage) {
        RotationNode first = node(storage);
        assigned(first, 3);
        target.cue = ScriptedTarget.Cue.CRASH_AFTER_SET;
        clock.advance(Duration.ofMinutes(61));
        assertThatThrownBy(first.scheduler::rotateDue).isInstanceOf(ScriptedTarget.Crash.class);
        assertThat(first.value("app/db")).as("the stored value is unchanged").isEqualTo("first");
        assertThat(target.held).as("the target took the candidate").isEqualTo("candidate-1");

        RotationNode second = keep(first.another(clock, policy -> target));
        assertThat(second.rotator.resumeReady(10)).as("the claim has not lapsed yet").isZero();
        clock.advance(Rotator.CLAIM.plusSeconds(1));
        assertThat(second.rotator.resumeReady(10)).isEqualTo(1);

        assertThat(second.value("app/db")).as("stored and target agree").isEqualTo(target.held)
                .isEqualTo("candidate-1");
        assertThat(second.version("app/db")).isEqualTo(2);
        assertThat(target.setCalls).as("the same candidate was set again, not a new one")
                .containsExactly("candidate-1", "candidate-1");
        Rotation.Run run = onlyRun(second);
        assertThat(run.status()).isEqualTo(Rotation.FINISHED);
        assertThat(run.attempts()).isEqualTo(1);
        assertThat(run.version()).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("storages")
    void aNodeThatDiesBetweenSetAndFinish_leavesARunTheNextNodeTestsAndFinishes(String storage) {
        RotationNode first = node(storage);
        assigned(first, 3);
        target.cue = ScriptedTarget.Cue.CRASH_IN_TEST;
        clock.advance(Duration.ofMinutes(61));
        assertThatThrownBy(first.scheduler::rotateDue).isInstanceOf(ScriptedTarget.Crash.class);
        assertThat(onlyRun(first).status()).isEqualTo(Rotation.SET);

        RotationNode restarted = keep(first.another(clock, policy -> target));
        clock.advance(Rotator.CLAIM.plusSeconds(1));
        restarted.scheduler.round();
        assertThat(restarted.value("app/db")).isEqualTo(target.held).isEqualTo("candidate-1");
        assertThat(target.setCalls).as("a set run is tested, not set again").containsExactly("candidate-1");
        assertThat(onlyRun(restarted).status()).isEqualTo(Rotation.FINISHED);
        assertThat(restarted.scheduler.rotateDue()).as("and it is not due again").isZero();
    }

    @ParameterizedTest
    @MethodSource("storages")
    void failedAttempts_neverReuseTheirCandidate_backOff_thenTheRunFails_andTheNextRunIsStillScheduled(
            String storage) throws InterruptedException {
        RotationNode node = node(storage);
        assigned(node, 3);
        target.cue = ScriptedTarget.Cue.REFUSE_SET;
        target.times = 3;
        ChangeBus.Subscription heard = node.bus.subscribe(List.of(node.secrets.metadata("default", "app/db").id()));
        clock.advance(Duration.ofMinutes(61));
        Instant failedAt = clock.instant();

        node.scheduler.rotateDue();
        Rotation.Run first = onlyRun(node);
        assertThat(first.status()).isEqualTo(Rotation.PENDING);
        assertThat(first.nextAttemptAt()).isEqualTo(clock.instant().plus(Rotator.RETRY));
        assertThat(node.rotator.resumeReady(10)).as("not before the backoff").isZero();
        clock.advance(Rotator.RETRY);
        assertThat(node.rotator.resumeReady(10)).isEqualTo(1);
        assertThat(onlyRun(node).nextAttemptAt()).isEqualTo(clock.instant().plus(Rotator.RETRY.multipliedBy(2)));
        clock.advance(Rotator.RETRY.multipliedBy(2));
        node.rotator.resumeReady(10);

        Rotation.Run failed = onlyRun(node);
        assertThat(failed.status()).isEqualTo(Rotation.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.error()).contains("refused");
        assertThat(target.setCalls).as("each attempt had a candidate of its own")
                .containsExactly("candidate-1", "candidate-2", "candidate-3");
        assertThat(node.value("app/db")).isEqualTo("first");
        assertThat(node.version("app/db")).isEqualTo(1);
        Rotation.State state = node.secrets.metadata("default", "app/db").rotation();
        assertThat(state.lastStatus()).isEqualTo(Rotation.FAILED);
        assertThat(state.runId()).isNull();
        assertThat(state.nextRotationAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(failedAt).isBefore(state.nextRotationAt());
        assertThat(heard.next(Duration.ofSeconds(5))).singleElement()
                .satisfies(change -> assertThat(change.type()).isEqualTo("rotation_failed"));

        clock.advance(Duration.ofHours(1));
        assertThat(node.scheduler.rotateDue()).as("the next scheduled run happens").isEqualTo(1);
        assertThat(node.value("app/db")).isEqualTo("candidate-4");
    }

    @ParameterizedTest
    @MethodSource("storages")
    void aChangeTheTargetTookDespiteAnError_isSettledByWhatItHolds(String storage) {
        RotationNode node = node(storage);
        assigned(node, 3);
        target.cue = ScriptedTarget.Cue.SET_THEN_FAIL;
        clock.advance(Duration.ofMinutes(61));
        node.scheduler.rotateDue();
        assertThat(target.held).isEqualTo("candidate-1");
        clock.advance(Rotator.RETRY);
        node.rotator.resumeReady(10);
        assertThat(node.value("app/db")).as("the unconfirmed candidate the target holds wins").isEqualTo("candidate-1");
        assertThat(target.setCalls).containsExactly("candidate-1");
        assertThat(onlyRun(node).status()).isEqualTo(Rotation.FINISHED);
    }

    @Test
    void twoSchedulersOverOnePostgres_rotateEachDueSecretExactlyOnce() throws Exception {
        Optional<String> postgres = TestDatabases.freshPostgres();
        Assumptions.assumeTrue(postgres.isPresent(), "no PostgreSQL on 127.0.0.1:5432: skipping");
        var generator = new PasswordGenerator(new SecureRandom());
        Function<PolicyStore.Row, RotationTarget> generate = policy -> new GenerateTarget(null, List.of(), generator);
        RotationNode a = keep(RotationNode.first(StorageUrl.parse(postgres.get()), clock, generate));
        RotationNode b = keep(a.another(clock, generate));
        int secrets = 60;
        for (int i = 0; i < secrets; i++) {
            a.put("app/s" + i, "v0");
        }
        a.policies.put("default", "p", Rotation.PolicyWrite.every(Duration.ofHours(1)).build());
        a.assignments.assign("default", "p", Rotation.Assign.prefix("app/"));
        clock.advance(Duration.ofMinutes(61));

        var go = new CountDownLatch(1);
        var started = new ArrayList<Integer>();
        List<Thread> threads = new ArrayList<>();
        for (RotationNode node : List.of(a, b)) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    int mine = 0;
                    for (int round = 0; round < 3; round++) {
                        mine += node.scheduler.rotateDue();
                    }
                    synchronized (started) {
                        started.add(mine);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(started.stream().mapToInt(Integer::intValue).sum()).isEqualTo(secrets);
        var history = a.runs.history("default", new RunService.HistoryQuery(Optional.of("p"), Optional.empty(),
                Optional.empty(), Optional.of(1000), Optional.empty())).data();
        assertThat(history).hasSize(secrets).allSatisfy(run -> {
            assertThat(run.status()).isEqualTo(Rotation.FINISHED);
            assertThat(run.version()).isEqualTo(2);
        });
        assertThat(history.stream().map(Rotation.Run::secretId).distinct()).hasSize(secrets);
        for (int i = 0; i < secrets; i++) {
            assertThat(a.version("app/s" + i)).isEqualTo(2);
        }
    }

    @Test
    void aTriggerOrACallersRotateWhileARunIsInProgress_is409NamingTheRun() throws InterruptedException {
        RotationNode node = node("sqlite");
        assigned(node, 3);
        target.cue = ScriptedTarget.Cue.CRASH_IN_TEST;
        node.runs.trigger("default", "p", Rotation.Trigger.all());
        for (int i = 0; i < 100 && !onlyRun(node).status().equals(Rotation.SET); i++) {
            Thread.sleep(50);
        }
        String run = onlyRun(node).id();
        assertThat(onlyRun(node).status()).as("the background drive died after set").isEqualTo(Rotation.SET);
        assertThatThrownBy(() -> node.runs.trigger("default", "p", Rotation.Trigger.only(List.of("app/db"))))
                .hasMessageContaining(run);
        assertThatThrownBy(() -> new SecretRotation(node.secrets).rotate("default", "app/db",
                Secret.Rotate.builder().value("by-hand").build(), RotationNode.ROOT, true))
                .hasMessageContaining(run);
    }

    private static Rotation.Run onlyRun(RotationNode node) {
        return node.runs.history("default", new RunService.HistoryQuery(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty())).data().stream().collect(
                        java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), list -> {
                            assertThat(list).hasSize(1);
                            return list.get(0);
                        }));
    }
}
