package dev.arca.server.invalidation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.arca.server.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A bounded read cache that a load racing an invalidation can never fill with what it read before the change.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>after {@link #invalidate} (or {@link #invalidateIf}, {@link #clear}) returns, no value loaded from a read
 *       that began before it is served from the cache: every invalidation bumps a generation of the key's stripe
 *       first, and a load puts its value, then checks that generation against the one it saw before reading, and
 *       takes the value out again if it moved (put-then-check, so an invalidation landing between the check and
 *       the put cannot be missed);</li>
 *   <li>inside a transaction nothing is read from or put into the cache: the transaction may see its own
 *       uncommitted writes, and must see its own committed state;</li>
 *   <li>a load answering null is not cached (an unknown token or id stays a query, and costs no memory);</li>
 *   <li>at most {@code maxSize} entries, each kept at most {@code maxAge} and never past the end {@code endOf}
 *       gives it (a token's expiry); callers still check such an end on every hit.</li>
 * </ul>
 * Loads are not coalesced: a burst of misses of one key reads it once per request, once.
 */
public final class InvalidatedCache<K, V> {
    private static final int STRIPES = 64;

    private final Database db;
    private final Cache<K, V> entries;
    private final AtomicLongArray generations = new AtomicLongArray(STRIPES);
    /** Bumped by every invalidation, for fills whose key is known only once read ({@link #fill}). */
    private final AtomicLong anyChange = new AtomicLong();

    /**
     * @param endOf the instant after which a value may no longer be served (null: none), judged by {@code clock}
     */
    public InvalidatedCache(Database db, long maxSize, Duration maxAge, Clock clock,
            Function<V, @Nullable Instant> endOf) {
        this.db = db;
        long maxNanos = maxAge.toNanos();
        this.entries = Caffeine.newBuilder().maximumSize(maxSize).expireAfter(new Expiry<K, V>() {
            @Override
            public long expireAfterCreate(K key, V value, long currentTime) {
                Instant end = endOf.apply(value);
                if (end == null) {
                    return maxNanos;
                }
                return Math.max(0, Math.min(maxNanos, Duration.between(clock.instant(), end).toNanos()));
            }

            @Override
            public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
                return expireAfterCreate(key, value, currentTime);
            }

            @Override
            public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
                return currentDuration;
            }
        }).build();
    }

    /** A cache whose values have no end of their own. */
    public InvalidatedCache(Database db, long maxSize, Duration maxAge) {
        this(db, maxSize, maxAge, Clock.systemUTC(), value -> null);
    }

    /** The cached value of {@code key}, else {@code load}'s (kept unless an invalidation raced it). */
    public @Nullable V get(K key, Function<K, @Nullable V> load) {
        if (db.isTransactionOpen()) {
            return load.apply(key);
        }
        V hit = entries.getIfPresent(key);
        if (hit != null) {
            return hit;
        }
        int stripe = stripe(key);
        long seen = generations.get(stripe);
        V loaded = load.apply(key);
        if (loaded == null) {
            return null;
        }
        entries.put(key, loaded);
        if (generations.get(stripe) != seen) {
            entries.asMap().remove(key, loaded);
        }
        return loaded;
    }

    /**
     * {@code read}'s answer, kept under the key {@code keyOf} gives it (for a value found by something other than
     * its key, as a secret by its path), unless any invalidation came between the start of the read and the put.
     */
    public @Nullable V fill(Supplier<@Nullable V> read, Function<V, K> keyOf) {
        if (db.isTransactionOpen()) {
            return read.get();
        }
        long seen = anyChange.get();
        V loaded = read.get();
        if (loaded == null) {
            return null;
        }
        K key = keyOf.apply(loaded);
        entries.put(key, loaded);
        if (anyChange.get() != seen) {
            entries.asMap().remove(key, loaded);
        }
        return loaded;
    }

    public void invalidate(K key) {
        generations.incrementAndGet(stripe(key));
        anyChange.incrementAndGet();
        entries.invalidate(key);
    }

    /** Forgets every entry whose value matches (a scan: for changes named by something other than the key). */
    public void invalidateIf(Predicate<V> matches) {
        bumpAll();
        entries.asMap().values().removeIf(matches);
    }

    public void clear() {
        bumpAll();
        entries.invalidateAll();
    }

    /** Entries held now (for tests and metrics). */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private void bumpAll() {
        anyChange.incrementAndGet();
        for (int i = 0; i < STRIPES; i++) {
            generations.incrementAndGet(i);
        }
    }

    private static int stripe(Object key) {
        return Math.floorMod(key.hashCode(), STRIPES);
    }
}
