package dev.arca.server.storage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for writing requests on SQLite (see {@link Database#inCombinedTransaction} for why not PostgreSQL): the
 * writes that queue while one transaction commits go into the next one
 * together, so many requests share one commit (one fsync of the database) and their audit entries one force of the
 * audit file. Nothing waits on a timer: an idle server commits a lone write at once, and a busy one combines whatever
 * arrived during the previous commit.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Each caller's work runs on the caller's own thread, one caller after another on the shared handle, each inside
 *       a {@code SAVEPOINT}: a caller whose work throws is rolled back to its savepoint, gets its own exception at
 *       once and changes nothing; the others go on and commit.</li>
 *   <li>A caller returns only after the shared transaction committed (its actions before the commit, such as waiting
 *       for its audit entry to be durable, ran first); if those actions or the commit fail, every caller whose work
 *       was kept gets that failure and nothing of the batch is committed.</li>
 *   <li>Callers are served in the order they arrived; a batch holds at most {@link #MAX_BATCH} of them.</li>
 * </ul>
 * One platform thread leads the batches: the commit's fsync then blocks it rather than a virtual thread's carrier.
 */
final class WriteCombiner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteCombiner.class);
    static final int MAX_BATCH = 128;
    private static final String SAVEPOINT = "combined_write";

    /** How the batch transaction is opened and ended: on SQLite, under the one writer lock. */
    interface Transactions {
        /** A handle with a transaction begun (and, on SQLite, the writer lock held). */
        Handle begin();

        /** Ends what {@link #begin} started, once committed or rolled back: closes the handle, unlocks. */
        void end(Handle handle);
    }

    private enum TurnEnd { KEPT, UNDONE, BROKEN }

    private static final class Ticket {
        final CompletableFuture<Handle> turn = new CompletableFuture<>();
        final CompletableFuture<TurnEnd> turnEnded = new CompletableFuture<>();
        final CompletableFuture<Void> committed = new CompletableFuture<>();
        @Nullable Work work; // set before turnEnded completes with KEPT
    }

    private final Transactions transactions;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Ticket> queue = new ArrayDeque<>();
    private boolean closed;
    private final Thread leader;

    WriteCombiner(Transactions transactions) {
        this.transactions = transactions;
        this.leader = Thread.ofPlatform().name("arca-write-combiner").daemon(true).start(this::lead);
    }

    /** Runs {@code body} as one caller's part of the next combined transaction; returns once that committed. */
    <T, X extends Exception> T run(ScopedValue.CallableOp<T, X> body) throws X {
        var ticket = new Ticket();
        lock.lock();
        try {
            if (closed) {
                throw new StorageException("the storage is closed (the server is stopping)");
            }
            queue.add(ticket);
            arrived.signal();
        } finally {
            lock.unlock();
        }
        Handle handle = Waits.join(ticket.turn);
        var work = new Work(handle);
        T result;
        try {
            handle.execute("SAVEPOINT " + SAVEPOINT);
        } catch (RuntimeException e) {
            ticket.turnEnded.complete(TurnEnd.BROKEN);
            throw e;
        }
        try {
            result = work.call(body);
            // on PostgreSQL this also fails when the work swallowed an error that aborted the transaction
            handle.execute("RELEASE SAVEPOINT " + SAVEPOINT);
        } catch (Exception | Error e) {
            ticket.turnEnded.complete(undo(handle, e));
            work.runAfterRollback();
            throw e;
        }
        ticket.work = work;
        ticket.turnEnded.complete(TurnEnd.KEPT);
        try {
            Waits.join(ticket.committed);
        } catch (RuntimeException | Error e) {
            work.runAfterRollback();
            throw e;
        }
        work.runAfterCommit();
        return result;
    }

    /** Rolls the caller's work back to its savepoint; BROKEN if even that fails (the connection is gone, say). */
    private static TurnEnd undo(Handle handle, Throwable cause) {
        try {
            handle.execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT);
            handle.execute("RELEASE SAVEPOINT " + SAVEPOINT);
            return TurnEnd.UNDONE;
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            return TurnEnd.BROKEN;
        }
    }

    private void lead() {
        List<Ticket> batch;
        while ((batch = nextBatch()) != null) {
            try {
                commit(batch);
            } catch (RuntimeException e) {
                // the batch's callers already have their answers; the next batch gets a fresh handle
                LOG.error("ending a combined transaction failed", e);
            }
        }
    }

    /** Everything queued (up to {@link #MAX_BATCH}), waiting for a first arrival; null once closed and drained. */
    private @Nullable List<Ticket> nextBatch() {
        lock.lock();
        try {
            while (queue.isEmpty() && !closed) {
                arrived.awaitUninterruptibly();
            }
            if (queue.isEmpty()) {
                return null;
            }
            var batch = new ArrayList<Ticket>(Math.min(queue.size(), MAX_BATCH));
            while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                batch.add(queue.poll());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void commit(List<Ticket> batch) {
        Handle handle;
        try {
            handle = transactions.begin();
        } catch (RuntimeException | Error e) {
            batch.forEach(ticket -> ticket.turn.completeExceptionally(e));
            return;
        }
        var kept = new ArrayList<Ticket>(batch.size());
        try {
            for (int i = 0; i < batch.size(); i++) {
                var ticket = batch.get(i);
                ticket.turn.complete(handle);
                TurnEnd end = ticket.turnEnded.join();
                if (end == TurnEnd.KEPT) {
                    kept.add(ticket);
                } else if (end == TurnEnd.BROKEN) {
                    requeue(batch.subList(i + 1, batch.size()));
                    throw new StorageException("a write left the combined transaction unusable");
                }
            }
            for (var ticket : kept) {
                Objects.requireNonNull(ticket.work, "a kept turn has its work").runBeforeCommit();
            }
            handle.commit();
            kept.forEach(ticket -> ticket.committed.complete(null));
        } catch (RuntimeException | Error e) {
            LOG.debug("a combined transaction of {} writes was not committed: {}", kept.size(), e.toString());
            rollBack(handle, e);
            kept.forEach(ticket -> ticket.committed.completeExceptionally(e));
        } finally {
            transactions.end(handle);
        }
    }

    private static void rollBack(Handle handle, Throwable cause) {
        try {
            handle.rollback();
        } catch (RuntimeException e) {
            cause.addSuppressed(e); // the connection is gone: closing it ends the transaction
        }
    }

    /** Callers that had no turn yet go first into the next batch rather than fail with one they never joined. */
    private void requeue(List<Ticket> waiting) {
        lock.lock();
        try {
            for (int i = waiting.size() - 1; i >= 0; i--) {
                queue.addFirst(waiting.get(i));
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many callers wait for a turn in the next batch (for tests that build a batch on purpose). */
    int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Lets the batches queued so far commit, then stops; later writes are refused. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            arrived.signal();
        } finally {
            lock.unlock();
        }
        Waits.joinUninterruptibly(leader);
    }
}
