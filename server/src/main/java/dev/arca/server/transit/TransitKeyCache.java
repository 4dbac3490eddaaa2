package dev.arca.server.transit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arca.server.seal.SealService;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Opened transit keys, by key id and document version (a version's document never changes, so an entry is never
 * stale; a newer version is simply another entry). Guarantee: "sealed means no key in memory" — every seal change
 * empties the cache, nothing is served from it while sealed, and an entry loaded by a request racing the seal is
 * dropped as soon as that request sees the seal closed.
 */
final class TransitKeyCache {
    private static final int MAX_KEYS = 10_000;
    private static final Duration IDLE = Duration.ofMinutes(30);

    private final SealService seal;
    private final Cache<String, OpenKey> keys = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterAccess(IDLE)
            .build();

    TransitKeyCache(SealService seal) {
        this.seal = seal;
    }

    /** Registers the clearing on every seal change; separate from the constructor so no {@code this} escapes it. */
    static TransitKeyCache clearedOnSealChange(SealService seal) {
        var cache = new TransitKeyCache(seal);
        seal.onChange(cache::clear);
        return cache;
    }

    /** The opened key of {@code ref}'s version, opening it with {@code opener} on a miss; 503 while sealed. */
    OpenKey get(KeyMaterialRef ref, Supplier<OpenKey> opener) {
        requireUnsealed();
        OpenKey key = keys.get(ref.id() + "@" + ref.version(), name -> opener.get());
        if (seal.isSealed()) {
            clear();
            requireUnsealed();
        }
        return key;
    }

    /** Drops every opened version of key {@code id}: a deleted key leaves no key in memory. */
    void forget(String id) {
        keys.asMap().keySet().removeIf(entry -> entry.startsWith(id + "@"));
    }

    void clear() {
        keys.invalidateAll();
    }

    /** Answers {@code sealed} (503) while no keyring is open. */
    private void requireUnsealed() {
        seal.keyring();
    }
}
