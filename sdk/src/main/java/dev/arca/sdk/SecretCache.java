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
 * the least recently used going first; each for {@code ttl}. Reads are keyed by the name the caller used — a path
 * in a vault, or an {@code sk_…} id (global: an id names one secret whatever the vault) — and every entry also
 * knows the id and path of the secret it holds, so a write, rotation or deletion through the client by either name
 * drops the entries of both: a delete by path forgets what was read by id, and a delete by id what was read by
 * path. Thread-safe. Neither it nor its entries show a value in {@code toString()}.
 */
final class SecretCache {
    /**
     * What an entry answers: a read of one secret by {@code name} (a path, in one vault as named by the caller; or an
     * id, with a null vault), version and field.
     */
    private record Key(@Nullable String vault, String name, @Nullable String version, @Nullable String field) {}

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

    /**
     * The cached answer of this read if it has not expired, else {@code read}'s answer, kept.
     *
     * @param name the secret's path, or its {@code sk_…} id ({@code vault} is then ignored)
     */
    Secret read(@Nullable String vault, String name, @Nullable String version, @Nullable String field,
            Supplier<Secret> read) {
        if (!enabled()) {
            return read.get();
        }
        var key = new Key(SecretOperations.isId(name) ? null : vault, name, version, field);
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

    /**
     * Drops every entry of the secret {@code name} names — a path in this vault or an {@code sk_…} id — whichever
     * name it was read by. (An entry read by id holds a secret of some vault with this path: it goes too, a miss at
     * worst.)
     */
    synchronized void invalidate(@Nullable String vault, String name) {
        boolean id = SecretOperations.isId(name);
        entries.entrySet().removeIf(entry -> {
            Key key = entry.getKey();
            Secret secret = entry.getValue().secret();
            boolean sameName = key.name().equals(name) && (id || Objects.equals(key.vault(), vault));
            return sameName || name.equals(id ? secret.id() : secret.path());
        });
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
