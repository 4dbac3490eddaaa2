package dev.arca.sdk;

import dev.arca.api.Secret;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Decrypted answers of {@link SecretOperations#read(String, String, String)} kept in memory for a while, so that a
 * service reading the same secret on every request does not ask the server each time. At most {@code maxEntries},
 * the least recently used going first; each for {@code ttl}. A write, rotation or deletion through the client drops
 * every entry of that path. Thread-safe. Neither it nor its entries show a value in {@code toString()}.
 */
final class SecretCache {
    /** What an entry answers: a read of one path, in one vault (as named by the caller), version and field. */
    private record Key(@Nullable String vault, String path, @Nullable String version, @Nullable String field) {}

    private record Cached(Secret secret, long expiresAtNanos) {
        @Override
        public String toString() {
            return "Cached[value=<redacted>]";
        }
    }

    private final Duration ttl;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final LinkedHashMap<Key, Cached> entries;

    SecretCache(Duration ttl, int maxEntries, LongSupplier nanoTime) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
                return size() > SecretCache.this.maxEntries;
            }
        };
    }

    /** A cache that keeps nothing. */
    static SecretCache disabled() {
        return new SecretCache(Duration.ZERO, 0, System::nanoTime);
    }

    boolean enabled() {
        return !ttl.isZero() && maxEntries > 0;
    }

    /** The cached answer of this read if it has not expired, else {@code read}'s answer, kept. */
    Secret read(@Nullable String vault, String path, @Nullable String version, @Nullable String field,
            Supplier<Secret> read) {
        if (!enabled()) {
            return read.get();
        }
        var key = new Key(vault, path, version, field);
        synchronized (this) {
            Cached entry = entries.get(key);
            if (entry != null && nanoTime.getAsLong() - entry.expiresAtNanos() < 0) {
                return entry.secret();
            }
            entries.remove(key);
        }
        // Not under the lock: a slow read must not hold up cache hits of other paths.
        Secret secret = read.get();
        synchronized (this) {
            entries.put(key, new Cached(secret, nanoTime.getAsLong() + ttl.toNanos()));
        }
        return secret;
    }

    /** Drops every entry of this path in this vault. */
    synchronized void invalidate(@Nullable String vault, String path) {
        entries.keySet().removeIf(key -> Objects.equals(key.vault(), vault) && key.path().equals(path));
    }

    /** Drops every entry of the secret with this {@code sk_…} id, whatever vault and path it was read by. */
    synchronized void invalidateSecret(String id) {
        entries.values().removeIf(cached -> cached.secret().id().equals(id));
    }

    /** Drops every entry. */
    synchronized void clear() {
        entries.clear();
    }

    synchronized int size() {
        return entries.size();
    }

    @Override
    public String toString() {
        return "SecretCache[ttl=" + ttl + ", maxEntries=" + maxEntries + ", entries=" + size() + "]";
    }
}
