package dev.arca.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Database#inCombinedTransaction} on real SQLite and PostgreSQL: concurrent writes all commit, each caller
 * getting its own answer. On SQLite, where they share transactions, one caller's failure rolls back only its own
 * work, and a failure before the commit (an audit entry that cannot be written) commits nothing of the batch.
 */
class WriteCombinerIT {
    private static final int QUEUED = 12;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void concurrentWrites_allCommit_eachCallerGettingItsOwnResult(String backend) throws Exception {
        try (var db = open(backend); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var results = new ArrayList<Future<Integer>>();
            for (int i = 0; i < 200; i++) {
                int id = i;
                results.add(pool.submit(() -> db.inCombinedTransaction(() -> insert(db, id))));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(i);
            }
            assertThat(ids(db)).hasSize(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = "sqlite") // PostgreSQL does not combine (Database#inCombinedTransaction)
    void failingWritesInACombinedBatch_changeNothing_andTheOthersCommit(String backend) throws Exception {
        try (var db = open(backend); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            db.inCombinedTransaction(() -> insert(db, 1000)); // taken by a duplicate below
            var entered = new CountDownLatch(1);
            var release = new CountDownLatch(1);
            var first = pool.submit(() -> db.inCombinedTransaction(() -> {
                entered.countDown();
                release.await(); // holds this batch open while the next one queues
                return insert(db, 999);
            }));
            entered.await();
            var handles = ConcurrentHashMap.<Handle>newKeySet();
            var committedHooks = ConcurrentHashMap.<Integer>newKeySet();
            var queued = new ArrayList<Future<Integer>>();
            for (int i = 0; i < QUEUED; i++) {
                int id = i;
                queued.add(pool.submit(() -> db.inCombinedTransaction(() -> {
                    handles.add(db.write(h -> h));
                    db.afterCommit(() -> committedHooks.add(id));
                    insert(db, id % 4 == 1 ? 1000 : id); // a duplicate key: the database refuses it
                    if (id % 4 == 2) {
                        throw new IllegalStateException("refused " + id); // the caller's own failure after a write
                    }
                    return id;
                })));
            }
            awaitQueued(db, QUEUED);
            release.countDown();
            assertThat(first.get()).isEqualTo(999);

            var kept = new ArrayList<Integer>();
            for (int id = 0; id < QUEUED; id++) {
                var result = queued.get(id);
                if (id % 4 == 1) {
                    assertThatThrownBy(result::get).hasCauseInstanceOf(org.jdbi.v3.core.JdbiException.class);
                } else if (id % 4 == 2) {
                    assertThatThrownBy(result::get).hasMessageContaining("refused " + id);
                } else {
                    assertThat(result.get()).isEqualTo(id);
                    kept.add(id);
                }
            }
            assertThat(handles).as("the queued writes shared one transaction").hasSize(1);
            assertThat(ids(db)).containsExactlyInAnyOrderElementsOf(concat(kept, List.of(999, 1000)));
            assertThat(committedHooks).as("only kept writes run their after-commit actions").containsExactlyInAnyOrderElementsOf(kept);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = "sqlite")
    void aFailingActionBeforeTheCommit_failsTheWholeBatch_andCommitsNothingOfIt(String backend) throws Exception {
        try (var db = open(backend); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            db.inCombinedTransaction(() -> insert(db, 1000));
            var entered = new CountDownLatch(1);
            var release = new CountDownLatch(1);
            var first = pool.submit(() -> db.inCombinedTransaction(() -> {
                entered.countDown();
                release.await();
                return insert(db, 999);
            }));
            entered.await();
            var queued = new ArrayList<Future<Integer>>();
            for (int i = 0; i < QUEUED; i++) {
                int id = i;
                queued.add(pool.submit(() -> db.inCombinedTransaction(() -> {
                    insert(db, id);
                    if (id == 3) {
                        // what an audit entry that cannot be written does: nothing of the batch may commit
                        db.beforeCommit(() -> {
                            throw new IllegalStateException("audit unavailable");
                        });
                    }
                    return id;
                })));
            }
            awaitQueued(db, QUEUED);
            release.countDown();
            first.get();
            for (var result : queued) {
                assertThatThrownBy(result::get).hasMessageContaining("audit unavailable");
            }
            assertThat(ids(db)).containsExactlyInAnyOrder(999, 1000);
            assertThat(db.inCombinedTransaction(() -> insert(db, 5))).as("the next batch commits").isEqualTo(5);
        }
    }

    private static void awaitQueued(Database db, int count) throws InterruptedException {
        while (db.writesWaiting() < count) {
            Thread.sleep(1);
        }
    }

    private static int insert(Database db, int id) {
        db.write(h -> h.createUpdate("INSERT INTO combiner_rows (id) VALUES (:id)").bind("id", id).execute());
        return id;
    }

    private static Set<Integer> ids(Database db) {
        return Set.copyOf(db.read(h -> h.createQuery("SELECT id FROM combiner_rows").mapTo(Integer.class).list()));
    }

    private static List<Integer> concat(List<Integer> a, List<Integer> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private Database open(String backend) {
        StorageUrl url;
        if (backend.equals("sqlite")) {
            url = StorageUrl.sqlite(dir.resolve("arca.db"));
        } else {
            var fresh = TestDatabases.freshPostgres();
            Assumptions.assumeTrue(fresh.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
            url = StorageUrl.parse(fresh.get());
        }
        var db = Database.open(url);
        db.write(h -> h.execute("CREATE TABLE combiner_rows (id INTEGER PRIMARY KEY)"));
        return db;
    }
}
