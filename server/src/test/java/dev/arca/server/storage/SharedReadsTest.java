package dev.arca.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedReadsTest {
    @TempDir
    Path dir;

    private Database db;
    private SharedReads<String, String> reads;
    private final AtomicInteger queries = new AtomicInteger();
    private final CountDownLatch queryStarted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void open() {
        db = Database.open(StorageUrl.sqlite(dir.resolve("arca.db")));
        reads = new SharedReads<>(db);
    }

    @AfterEach
    void close() {
        release.countDown();
        db.close();
    }

    /** A query that counts itself and holds until released, so that others arrive while it runs. */
    private Supplier<String> slowQuery(String answer) {
        return () -> {
            queries.incrementAndGet();
            queryStarted.countDown();
            await(release);
            if (answer == null) {
                throw new StorageException("the database went away", null);
            }
            return answer;
        };
    }

    @Test
    void readsOfOneKeyUnderWayAtOnceShareOneQuery() throws Exception {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = threads.submit(() -> reads.read("k", slowQuery("row")));
            assertThat(queryStarted.await(10, TimeUnit.SECONDS)).isTrue();
            Future<String> second = threads.submit(() -> reads.read("k", slowQuery("other")));
            Future<String> otherKey = threads.submit(() -> reads.read("j", () -> "row of j"));

            assertThat(otherKey.get(10, TimeUnit.SECONDS)).isEqualTo("row of j");
            Thread.sleep(200); // the second read has joined the first by now, or runs its own query below
            release.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("row");
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("row");
        }
        assertThat(queries).hasValue(1);
        // nothing is kept once the query ended: the next read queries again
        assertThat(reads.read("k", () -> "fresh")).isEqualTo("fresh");
    }

    @Test
    void aFailedQueryFailsEveryReadThatSharedIt() throws Exception {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = threads.submit(() -> reads.read("k", slowQuery(null)));
            assertThat(queryStarted.await(10, TimeUnit.SECONDS)).isTrue();
            Future<String> second = threads.submit(() -> reads.read("k", slowQuery("unused")));
            Thread.sleep(200);
            release.countDown();

            for (Future<String> read : List.of(first, second)) {
                assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS)).cause()
                        .isInstanceOf(StorageException.class).hasMessage("the database went away");
            }
        }
        assertThat(queries).hasValue(1);
        assertThat(reads.read("k", () -> "recovered")).isEqualTo("recovered");
    }

    @Test
    void insideATransactionEveryReadRunsItsOwnQuery() throws Exception {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> outside = threads.submit(() -> reads.read("k", slowQuery("committed row")));
            assertThat(queryStarted.await(10, TimeUnit.SECONDS)).isTrue();

            String inside = db.inTransaction(() -> reads.read("k", () -> {
                queries.incrementAndGet();
                return "row as this transaction wrote it";
            }));
            release.countDown();

            assertThat(inside).isEqualTo("row as this transaction wrote it");
            assertThat(outside.get(10, TimeUnit.SECONDS)).isEqualTo("committed row");
        }
        assertThat(queries).hasValue(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
