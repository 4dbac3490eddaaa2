package dev.arca.server.watch;

import dev.arca.api.Rotation;
import dev.arca.api.WatchEvent;
import dev.arca.server.secrets.SecretEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * This node's in-process announcement of secret changes to its watchers. It guarantees:
 * <ul>
 *   <li>every waiter of a secret is woken as soon as a change of that secret is announced;</li>
 *   <li>no change is lost between a watcher's check of the stored version and the start of its wait: the bus
 *       remembers the latest announced state of every secret, and a waiter registers before it looks at that
 *       memory, so a change announced in between is either in the memory or wakes the waiter;</li>
 *   <li>announcing never blocks on a watcher: it completes futures and fills per-stream mailboxes that keep only
 *       the latest state per secret, so a slow reader costs memory bounded by what it watches;</li>
 *   <li>waiting costs no platform thread: watchers are request threads (virtual) parked on a future or a
 *       condition.</li>
 * </ul>
 * Announcements carry no value. {@link #close} wakes everyone and refuses new waits, so a stopping server is not
 * held up by long polls and event streams.
 */
public final class ChangeBus implements SecretEvents, AutoCloseable {
    /**
     * The announced state of a secret: its current version, or deleted (at its last version). {@code type} is null
     * for a write or a deletion, {@code rotated} for a version a rotation run made, and {@code rotation_due} or
     * {@code rotation_failed} for a notice, which says nothing about the version and is not remembered.
     */
    public record Change(String vaultId, String secretId, String path, int version, boolean deleted,
            @Nullable String type, Rotation.@Nullable Notice rotation) {
        Change(String vaultId, String secretId, String path, int version, boolean deleted) {
            this(vaultId, secretId, path, version, deleted, null, null);
        }

        /** A rotation notice rather than a new state. */
        public boolean isNotice() {
            return WatchEvent.ROTATION_DUE.equals(type) || WatchEvent.ROTATION_FAILED.equals(type);
        }

        /** Where a stream's mailbox keeps it: a notice beside the secret's latest state, not over it. */
        String mailboxKey() {
            return isNotice() ? secretId + "#" + type : secretId;
        }
    }

    /** Someone listening to one or more secrets. Both methods must return at once. */
    private interface Listener {
        void hear(Change change);

        void busClosed();
    }

    private final ConcurrentHashMap<String, Change> latest = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<Listener>> listeners = new ConcurrentHashMap<>();
    private volatile boolean closed;

    @Override
    public void changed(String vaultId, String secretId, String path, int version) {
        announce(new Change(vaultId, secretId, path, version, false));
    }

    @Override
    public void deleted(String vaultId, String secretId, String path) {
        announce(new Change(vaultId, secretId, path, 0, true));
    }

    @Override
    public void rotated(String vaultId, String secretId, String path, int version, Rotation.Notice notice) {
        announce(new Change(vaultId, secretId, path, version, false, WatchEvent.ROTATED, notice));
    }

    @Override
    public void rotationNotice(String vaultId, String secretId, String path, String type, Rotation.Notice notice) {
        tell(new Change(vaultId, secretId, path, 0, false, type, notice));
    }

    private void announce(Change change) {
        tell(latest.merge(change.secretId(), change, ChangeBus::after));
    }

    private void tell(Change change) {
        Set<Listener> waiting = listeners.get(change.secretId());
        if (waiting != null) {
            waiting.forEach(listener -> listener.hear(change));
        }
    }

    /**
     * The state after {@code next} was announced on top of {@code known}. Announcements of one secret may race
     * (two writers commit, then announce in either order), so a lower version never replaces a higher one; a
     * deletion keeps the version it deleted; an undelete announces the same version again and wins.
     */
    private static Change after(Change known, Change next) {
        if (next.deleted()) {
            return new Change(next.vaultId(), next.secretId(), next.path(), known.version(), true);
        }
        return next.version() < known.version() ? known : next;
    }

    /** The latest state announced since this node started, if any. */
    public Optional<Change> latest(String secretId) {
        return Optional.ofNullable(latest.get(secretId));
    }

    /**
     * Waits until secret {@code secretId} is announced at a version above {@code since} or deleted, for at most
     * {@code max}. Answers at once when such a state was already announced.
     *
     * @return the state that ended the wait; empty after {@code max} or when the bus closed
     */
    public Optional<Change> await(String secretId, int since, Duration max) throws InterruptedException {
        var arrived = new CompletableFuture<Optional<Change>>();
        Listener waiter = new Listener() {
            @Override
            public void hear(Change change) {
                if (!change.isNotice() && (change.deleted() || change.version() > since)) {
                    arrived.complete(Optional.of(change));
                }
            }

            @Override
            public void busClosed() {
                arrived.complete(Optional.empty());
            }
        };
        listen(secretId, waiter);
        try {
            Change known = latest.get(secretId);
            if (known != null) {
                waiter.hear(known);
            }
            return arrived.get(max.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a watch future cannot fail", e);
        } finally {
            forget(secretId, waiter);
        }
    }

    /**
     * Starts hearing every announced change of {@code secretIds} (from now on; not the remembered states). Close
     * the subscription when done.
     */
    public Subscription subscribe(Collection<String> secretIds) {
        var subscription = new Subscription(secretIds);
        secretIds.forEach(id -> listen(id, subscription));
        return subscription;
    }

    /** True once {@link #close} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** How many watchers are listening now, over all secrets (a stream counts once per secret it watches). */
    public int listenerCount() {
        return listeners.values().stream().mapToInt(Set::size).sum();
    }

    /** Wakes every waiter and stream; later waits end at once. */
    @Override
    public void close() {
        closed = true;
        listeners.values().forEach(set -> set.forEach(Listener::busClosed));
    }

    private void listen(String secretId, Listener listener) {
        listeners.compute(secretId, (id, set) -> {
            Set<Listener> to = set == null ? ConcurrentHashMap.newKeySet() : set;
            to.add(listener);
            return to;
        });
        if (closed) {
            listener.busClosed();
        }
    }

    private void forget(String secretId, Listener listener) {
        listeners.computeIfPresent(secretId, (id, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * One event stream's mailbox: the latest announced state of each watched secret not yet taken, in the order
     * the secrets first changed. A secret that changes twice before the reader looks is delivered once, at its
     * latest state.
     */
    public final class Subscription implements Listener, AutoCloseable {
        private final Set<String> watched = ConcurrentHashMap.newKeySet();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition arrived = lock.newCondition();
        private final LinkedHashMap<String, Change> pending = new LinkedHashMap<>();
        private boolean ended;

        private Subscription(Collection<String> secretIds) {
            watched.addAll(secretIds);
        }

        @Override
        public void hear(Change change) {
            lock.lock();
            try {
                pending.put(change.mailboxKey(), change);
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void busClosed() {
            lock.lock();
            try {
                ended = true;
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /**
         * The changes announced since the last call, waiting up to {@code max} for the first one.
         *
         * @return the changes (empty when {@code max} passed first); empty too once the subscription ended
         */
        public List<Change> next(Duration max) throws InterruptedException {
            long left = max.toNanos();
            lock.lock();
            try {
                while (pending.isEmpty() && !ended && left > 0) {
                    left = arrived.awaitNanos(left);
                }
                var taken = new ArrayList<>(pending.values());
                pending.clear();
                return taken;
            } finally {
                lock.unlock();
            }
        }

        /** True once the bus closed or the subscription was closed. */
        public boolean ended() {
            lock.lock();
            try {
                return ended;
            } finally {
                lock.unlock();
            }
        }

        /** Stops hearing one secret; changes of it still pending are dropped. */
        public void unwatch(String secretId) {
            if (watched.remove(secretId)) {
                forget(secretId, this);
            }
            lock.lock();
            try {
                pending.values().removeIf(change -> change.secretId().equals(secretId));
            } finally {
                lock.unlock();
            }
        }

        /** The secrets still heard. */
        public Set<String> watched() {
            return Set.copyOf(watched);
        }

        @Override
        public void close() {
            watched.forEach(id -> forget(id, this));
            watched.clear();
            busClosed();
        }
    }
}
