package dev.arca.server.watch;

import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What watchers asking at one moment are told, worked out once for all of them: those one announced change woke
 * together, or those whose heartbeat falls in the same second. Whether a principal's credentials still hold,
 * whether it may list or read a path, the states of the secrets a stream watches, and the encoded event. One write
 * can wake ten thousand watchers of one principal; without this each of them would ask the database and the policy
 * engine the same questions and serialise the same bytes.
 * <p>Guarantees:
 * <ul>
 *   <li>every answer was found after the change was announced (or within the heartbeat's second), for exactly the
 *       question asked: liveness per
 *       (principal, source address), decisions per (principal, source address, path, permission), an encoding per
 *       (state, event type, readable) — a principal differs from another in any field (policies, mfa, token), so
 *       two watchers share an answer only where the policy engine could not tell them apart;</li>
 *   <li>a principal found not live is never told so on another's behalf: each watcher that would hear a refusal
 *       asks again itself (a refusal is rare and should be certain);</li>
 *   <li>watchers that ask while the first one is still finding out wait for its answer instead of asking too;</li>
 *   <li>nothing here holds a secret value: the encoded bytes of a readable event do, and they live only as long
 *       as this object, which {@link WatchService} drops a short while after the change.</li>
 * </ul>
 */
final class SharedAnswers {
    record Who(Principal principal, String sourceIp) {}

    record Decision(Who who, String vaultId, String path, Permission permission) {}

    /** What an encoded event depends on besides the change: the watcher's view of the secret and its right to read. */
    record Telling(WatchedSecrets.State state, boolean readable, boolean eventStream) {}

    private final ConcurrentHashMap<Who, CompletableFuture<Boolean>> live = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Decision, CompletableFuture<Boolean>> decisions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Telling, CompletableFuture<byte[]>> encoded = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Set<String>, CompletableFuture<Map<String, WatchedSecrets.State>>> states =
            new ConcurrentHashMap<>();

    boolean live(Who who, Supplier<Boolean> ask) {
        boolean[] askedHere = {false};
        boolean answer = once(live, who, () -> {
            askedHere[0] = true;
            return ask.get();
        });
        return answer || (!askedHere[0] && ask.get());
    }

    boolean permits(Decision decision, Supplier<Boolean> ask) {
        return once(decisions, decision, ask);
    }

    byte[] encoded(Telling telling, Supplier<byte[]> encode) {
        return once(encoded, telling, encode);
    }

    /** The stored states of {@code ids}, read once for every stream that watches exactly these. */
    Map<String, WatchedSecrets.State> states(Set<String> ids, Supplier<Map<String, WatchedSecrets.State>> read) {
        return once(states, ids, read);
    }

    /**
     * The answer of the first caller for {@code key}; later callers wait for it. The first one computes outside
     * the map's locks (the question may read the database); if it fails, the key is forgotten so that the next
     * caller asks again rather than inheriting a failure.
     */
    private static <K, V> V once(ConcurrentHashMap<K, CompletableFuture<V>> answers, K key, Supplier<V> compute) {
        var mine = new CompletableFuture<V>();
        CompletableFuture<V> first = answers.putIfAbsent(key, mine);
        if (first == null) {
            try {
                V answer = compute.get();
                mine.complete(answer);
                return answer;
            } catch (RuntimeException | Error e) {
                answers.remove(key, mine);
                mine.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return first.join();
        } catch (CompletionException failedForTheFirst) {
            return compute.get();
        }
    }
}
