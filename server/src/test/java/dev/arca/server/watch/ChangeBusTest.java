package dev.arca.server.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bus alone: wake-ups, the remembered state that closes the check-then-wait race, mailboxes, closing. */
class ChangeBusTest {
    private final ChangeBus bus = new ChangeBus();

    private static void awaitListeners(ChangeBus bus, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bus.listenerCount() < count) {
            assertThat(System.nanoTime()).as("listeners registered in time").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @Test
    void waiter_isWokenByANewerVersion_atOnce() throws Exception {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Optional<ChangeBus.Change>> waiting = threads.submit(() -> bus.await("sk_a", 1, Duration.ofSeconds(30)));
            awaitListeners(bus, 1);
            long before = System.nanoTime();
            bus.changed("vault_1", "sk_a", "app/a", 2);
            Optional<ChangeBus.Change> woken = waiting.get(5, TimeUnit.SECONDS);
            assertThat(System.nanoTime() - before).isLessThan(TimeUnit.SECONDS.toNanos(5));
            assertThat(woken).contains(new ChangeBus.Change("vault_1", "sk_a", "app/a", 2, false));
        }
        assertThat(bus.listenerCount()).isZero();
    }

    @Test
    void changeAnnouncedBeforeTheWait_isNotLost() throws Exception {
        bus.changed("vault_1", "sk_a", "app/a", 2);
        assertThat(bus.await("sk_a", 1, Duration.ofSeconds(30))).map(ChangeBus.Change::version).contains(2);
    }

    @Test
    void versionNotPastSince_doesNotWake_andTheWaitTimesOut() throws Exception {
        bus.changed("vault_1", "sk_a", "app/a", 1);
        assertThat(bus.await("sk_a", 1, Duration.ofMillis(50))).isEmpty();
        assertThat(bus.await("sk_other", 0, Duration.ofMillis(50))).isEmpty();
        assertThat(bus.listenerCount()).isZero();
    }

    @Test
    void deletion_wakesWaiters_andKeepsTheLastVersion() throws Exception {
        bus.changed("vault_1", "sk_a", "app/a", 3);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var waiting = threads.submit(() -> bus.await("sk_a", 3, Duration.ofSeconds(30)));
            awaitListeners(bus, 1);
            bus.deleted("vault_1", "sk_a", "app/a");
            assertThat(waiting.get(5, TimeUnit.SECONDS))
                    .contains(new ChangeBus.Change("vault_1", "sk_a", "app/a", 3, true));
        }
    }

    @Test
    void lateAnnouncementOfAnOlderVersion_doesNotReplaceANewerOne_butAnUndeleteDoes() {
        bus.changed("vault_1", "sk_a", "app/a", 3);
        bus.changed("vault_1", "sk_a", "app/a", 2);
        assertThat(bus.latest("sk_a")).map(ChangeBus.Change::version).contains(3);
        bus.deleted("vault_1", "sk_a", "app/a");
        bus.changed("vault_1", "sk_a", "app/a", 3);
        assertThat(bus.latest("sk_a")).contains(new ChangeBus.Change("vault_1", "sk_a", "app/a", 3, false));
    }

    /** The announcement lands anywhere around the waiter's registration; the waiter must always hear it. */
    @Test
    void announcementRacingTheStartOfAWait_isNeverLost() throws Exception {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int version = 1; version <= 2_000; version++) {
                int since = version - 1;
                var start = new CountDownLatch(1);
                Future<Optional<ChangeBus.Change>> waiting = threads.submit(() -> {
                    start.await();
                    return bus.await("sk_race", since, Duration.ofSeconds(10));
                });
                int announced = version;
                Future<?> announcing = threads.submit(() -> {
                    start.await();
                    bus.changed("vault_1", "sk_race", "app/race", announced);
                    return null;
                });
                start.countDown();
                announcing.get(5, TimeUnit.SECONDS);
                assertThat(waiting.get(5, TimeUnit.SECONDS)).as("version " + version)
                        .map(ChangeBus.Change::version).contains(version);
            }
        }
    }

    @Test
    void subscription_keepsOnlyTheLatestStatePerSecret_soASlowReaderNeverHoldsUpAnnouncements() throws Exception {
        try (ChangeBus.Subscription subscription = bus.subscribe(List.of("sk_a", "sk_b"))) {
            long before = System.nanoTime();
            for (int version = 1; version <= 100_000; version++) {
                bus.changed("vault_1", "sk_a", "app/a", version);
                bus.changed("vault_1", "sk_b", "app/b", version);
            }
            System.out.printf("200000 announcements to one unread stream took %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before));
            bus.changed("vault_1", "sk_c", "app/c", 1);
            assertThat(subscription.next(Duration.ofSeconds(1))).containsExactly(
                    new ChangeBus.Change("vault_1", "sk_a", "app/a", 100_000, false),
                    new ChangeBus.Change("vault_1", "sk_b", "app/b", 100_000, false));
            assertThat(subscription.next(Duration.ofMillis(20))).isEmpty();
            subscription.unwatch("sk_a");
            bus.changed("vault_1", "sk_a", "app/a", 100_001);
            assertThat(subscription.next(Duration.ofMillis(20))).isEmpty();
            assertThat(subscription.watched()).containsExactly("sk_b");
        }
        assertThat(bus.listenerCount()).isZero();
    }

    @Test
    void close_wakesWaitersAndEndsStreams_andLaterWaitsEndAtOnce() throws Exception {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor();
                ChangeBus.Subscription subscription = bus.subscribe(List.of("sk_b"))) {
            var waiting = threads.submit(() -> bus.await("sk_a", 0, Duration.ofSeconds(60)));
            var reading = threads.submit(() -> subscription.next(Duration.ofSeconds(60)));
            awaitListeners(bus, 2);
            bus.close();
            assertThat(waiting.get(5, TimeUnit.SECONDS)).isEmpty();
            assertThat(reading.get(5, TimeUnit.SECONDS)).isEmpty();
            assertThat(subscription.ended()).isTrue();
            long before = System.nanoTime();
            assertThat(bus.await("sk_a", 0, Duration.ofSeconds(60))).isEmpty();
            assertThat(System.nanoTime() - before).isLessThan(TimeUnit.SECONDS.toNanos(5));
        }
    }

    @Test
    void fiveThousandWaitersOnVirtualThreads_allWokenByOneAnnouncement_withoutAPlatformThreadEach() throws Exception {
        int watchers = 5_000;
        var threadsMx = ManagementFactory.getThreadMXBean();
        int platformBefore = threadsMx.getThreadCount();
        List<Future<Optional<ChangeBus.Change>>> waiting = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < watchers; i++) {
                waiting.add(threads.submit(() -> bus.await("sk_hot", 1, Duration.ofSeconds(60))));
            }
            awaitListeners(bus, watchers);
            int platformWhileWaiting = threadsMx.getThreadCount();
            long before = System.nanoTime();
            bus.changed("vault_1", "sk_hot", "app/hot", 2);
            for (var future : waiting) {
                assertThat(future.get(30, TimeUnit.SECONDS)).map(ChangeBus.Change::version).contains(2);
            }
            System.out.printf("%d in-process waiters woken in %d ms; platform threads %d before, %d while waiting%n",
                    watchers, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before), platformBefore,
                    platformWhileWaiting);
            assertThat(platformWhileWaiting).isLessThan(platformBefore + 50);
        }
        assertThat(bus.listenerCount()).isZero();
    }
}
