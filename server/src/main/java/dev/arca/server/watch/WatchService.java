package dev.arca.server.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.arca.api.ErrorCode;
import dev.arca.api.Json;
import dev.arca.api.Rotation;
import dev.arca.api.Secret;
import dev.arca.api.WatchEvent;
import dev.arca.server.access.Guard;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import dev.arca.server.identity.Resource;
import dev.arca.server.secrets.SecretService;
import dev.arca.server.storage.Database;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Watching secrets: a long poll on one secret, and the event streams of {@link EventStream}. Watching needs
 * {@code list} on the secret's path (a version number is what a listing shows); an event carries the value only
 * when the watcher may {@code read} it. Access is asked again whenever something is about to be told and at least
 * every {@link #RECHECK}: a watcher whose credentials were revoked, or whose policies no longer let it list the
 * secret, hears {@code access_denied} and nothing more. Waiting holds no database connection and no platform
 * thread.
 *
 * <p>One change often wakes many watchers of one secret at once: what they ask (liveness, decisions, the encoded
 * event) is found once for all of them ({@link SharedAnswers}), and the value of a version, once decrypted for a
 * watcher allowed to read it, is shared with the others for {@link #SHARE_VALUE}; after that it is dropped from
 * memory. Nothing is served while sealed.
 */
public final class WatchService {
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    /** How often a waiting watcher's access is asked again when nothing happens; the heartbeat of a stream. */
    static final Duration RECHECK = Duration.ofSeconds(15);
    /** The least interval between polls without waiting, per principal and secret; every answer says it. */
    static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(10);
    /** How long a decrypted version is shared between the watchers one change woke. */
    static final Duration SHARE_VALUE = Duration.ofSeconds(1);
    /** The mapper the HTTP answers are written with, so that a pre-encoded event is what any other answer would be. */
    private static final ObjectMapper JSON = Json.strict();

    private final WatchedSecrets store;
    private final ChangeBus bus;
    private final SecretService secrets;
    private final Guard guard;
    private final PrincipalLiveness liveness;
    private final PollRateGuard pollRate = new PollRateGuard(MIN_POLL_INTERVAL, Ticker.systemTicker());
    private final Cache<String, Secret> recentValues = Caffeine.newBuilder().expireAfterWrite(SHARE_VALUE)
            .maximumSize(1_000).build();
    /** Per heartbeat second, what the watchers rechecking in it were found to be allowed and to watch. */
    private final Cache<Long, SharedAnswers> answersBySecond = Caffeine.newBuilder().expireAfterWrite(SHARE_VALUE)
            .build();
    /** Per announced change (by identity), what its watchers were found to be allowed; see {@link #answersTo}. */
    private final Cache<ChangeBus.Change, SharedAnswers> answersByChange = Caffeine.newBuilder().weakKeys()
            .expireAfterWrite(SHARE_VALUE).build();

    /** @param guard answers whether a watcher may still list and read a secret; also the seal check */
    public WatchService(Database db, ChangeBus bus, SecretService secrets, Guard guard, PrincipalLiveness liveness) {
        this.store = new WatchedSecrets(db);
        this.bus = bus;
        this.secrets = secrets;
        this.guard = guard;
        this.liveness = liveness;
    }

    /**
     * {@code GET /v1/secrets/{id}/watch?since=N&wait=D}: the event (encoded as JSON) as soon as the secret is past
     * version {@code since}, deleted, or no longer watchable by the caller; empty after {@code wait}. A watcher woken
     * by a change takes its answers from those the change's other watchers found ({@link SharedAnswers}).
     */
    Optional<byte[]> poll(Principal caller, String sourceIp, String secretId, int since, Duration wait)
            throws InterruptedException {
        if (wait.isZero()) {
            pollRate.check(caller.subject(), secretId);
        }
        WatchedSecrets.State state = store.byId(secretId)
                .orElseThrow(() -> ArcaException.notFound("no secret with id " + secretId));
        if (state.deleted() || state.version() > since) {
            guard.checkUnsealed();
            return Optional.of(encode(event(caller, sourceIp, state), false));
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || bus.isClosed()) {
                return Optional.empty();
            }
            Optional<ChangeBus.Change> woken = bus.await(secretId, since, Duration.ofNanos(Math.min(left,
                    RECHECK.toNanos())));
            if (woken.isPresent()) {
                ChangeBus.Change change = woken.get();
                SharedAnswers shared = answersTo(change);
                state = stateAfter(state, change);
                if (!liveAfter(shared, caller, sourceIp) || !mayList(shared, caller, sourceIp, state)) {
                    return Optional.of(encode(denied(secretId), false));
                }
                guard.checkUnsealed();
                return Optional.of(encodedEvent(shared, caller, sourceIp, state, change, false));
            }
            state = store.byId(secretId).orElse(deletedState(state));
            SharedAnswers recheck = heartbeatAnswers();
            if (!liveAfter(recheck, caller, sourceIp) || !mayList(recheck, caller, sourceIp, state)) {
                return Optional.of(encode(denied(secretId), false));
            }
            if (state.deleted() || state.version() > since) {
                guard.checkUnsealed();
                return Optional.of(encode(event(caller, sourceIp, state), false));
            }
        }
    }

    /**
     * The answers shared by the watchers {@code change} woke, for {@link #SHARE_VALUE}: as if they had all been
     * answered at the moment the first of them asked. The memory goes with the change.
     */
    SharedAnswers answersTo(ChangeBus.Change change) {
        return answersByChange.get(change, c -> new SharedAnswers());
    }

    /**
     * The answers shared by the watchers rechecking in this second: long polls and streams opened together time out
     * together, and each would otherwise ask the database about the same principal.
     */
    SharedAnswers heartbeatAnswers() {
        return answersBySecond.get(System.nanoTime() / SHARE_VALUE.toNanos(), second -> new SharedAnswers());
    }

    /** Whether the caller's credentials held at some point after {@code shared} began to be asked. */
    boolean liveAfter(SharedAnswers shared, Principal caller, String sourceIp) {
        return shared.live(new SharedAnswers.Who(caller, sourceIp), () -> liveness.isLive(caller, sourceIp));
    }

    boolean mayList(SharedAnswers shared, Principal caller, String sourceIp, WatchedSecrets.State state) {
        return permits(shared, caller, sourceIp, state, Permission.LIST);
    }

    private boolean permits(SharedAnswers shared, Principal caller, String sourceIp, WatchedSecrets.State state,
            Permission permission) {
        var decision = new SharedAnswers.Decision(new SharedAnswers.Who(caller, sourceIp), state.vaultId(),
                state.path(), permission);
        return shared.permits(decision, () -> guard.permits(caller, Resource.inVault(state.vaultId(), state.path()),
                permission, sourceIp));
    }

    /**
     * The encoded event of {@code change} about {@code state} for the caller: serialised once for every watcher of
     * the change that sees the same state with the same right to read it.
     */
    byte[] encodedEvent(SharedAnswers shared, Principal caller, String sourceIp, WatchedSecrets.State state,
            ChangeBus.Change change, boolean eventStream) {
        boolean readable = !change.isNotice() && !state.deleted()
                && permits(shared, caller, sourceIp, state, Permission.READ);
        return shared.encoded(new SharedAnswers.Telling(state, readable, eventStream),
                () -> encode(event(state, change, readable), eventStream));
    }

    /** A long poll's body (the JSON of the event) or an event stream's event ({@code event:} and {@code data:}). */
    static byte[] encode(WatchEvent event, boolean eventStream) {
        try {
            if (!eventStream) {
                return JSON.writeValueAsBytes(event);
            }
            return ("event: " + event.type() + "\ndata: " + JSON.writeValueAsString(event) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a watch event cannot fail to serialise", e);
        }
    }

    /**
     * Opens an event stream over {@code secretIds} of vault {@code vaultId}; those the caller may not list (or that
     * are not secrets of that vault) are announced {@code access_denied} first. 403 when none may be watched.
     */
    EventStream stream(Principal caller, String sourceIp, String vaultId, Set<String> secretIds) {
        var states = store.byIds(secretIds);
        var watched = new LinkedHashMap<String, WatchedSecrets.State>();
        var refused = new ArrayList<String>();
        for (String id : secretIds) {
            WatchedSecrets.State state = states.get(id);
            if (state != null && state.vaultId().equals(vaultId) && mayList(caller, sourceIp, state)) {
                watched.put(id, state);
            } else {
                refused.add(id);
            }
        }
        if (watched.isEmpty()) {
            throw ArcaException.denied("access denied: " + caller.subject() + " may not list any of the secrets "
                    + "asked for in this vault");
        }
        return new EventStream(this, new EventStream.Watcher(caller, sourceIp), watched, refused);
    }

    ChangeBus bus() {
        return bus;
    }

    WatchedSecrets store() {
        return store;
    }

    void checkUnsealed() {
        guard.checkUnsealed();
    }

    boolean mayList(Principal caller, String sourceIp, WatchedSecrets.State state) {
        return guard.permits(caller, Resource.inVault(state.vaultId(), state.path()), Permission.LIST, sourceIp);
    }

    /** The event that tells {@code state}, with the value when the caller may read it. */
    WatchEvent event(Principal caller, String sourceIp, WatchedSecrets.State state) {
        boolean readable = !state.deleted() && guard.permits(caller, Resource.inVault(state.vaultId(), state.path()),
                Permission.READ, sourceIp);
        return event(state, WatchEvent.CHANGED, null, readable);
    }

    /**
     * The event of {@code change} about {@code state}: a notice as it is, a new version (written, or rotated) with
     * the value when {@code readable}.
     */
    private WatchEvent event(WatchedSecrets.State state, ChangeBus.Change change, boolean readable) {
        String notice = change.type();
        if (change.isNotice() && notice != null) {
            return new WatchEvent(notice, state.id(), state.path(), state.version(), null, null,
                    change.rotation());
        }
        boolean rotated = WatchEvent.ROTATED.equals(change.type()) && !state.deleted();
        return event(state, rotated ? WatchEvent.ROTATED : WatchEvent.CHANGED, rotated ? change.rotation() : null,
                readable);
    }

    private WatchEvent event(WatchedSecrets.State state, String type, Rotation.@Nullable Notice rotation,
            boolean readable) {
        if (state.deleted()) {
            return new WatchEvent(WatchEvent.DELETED, state.id(), state.path(), state.version(), null, null, null);
        }
        if (!readable) {
            return new WatchEvent(type, state.id(), state.path(), state.version(), null, null, rotation);
        }
        try {
            String version = Integer.toString(state.version());
            Secret secret = recentValues.get(state.id() + "@" + version,
                    key -> secrets.readById(state.id(), Optional.of(version)));
            return new WatchEvent(type, state.id(), secret.path(), secret.version(), secret.value(),
                    secret.fields(), rotation);
        } catch (ArcaException unreadable) {
            // not found: deleted or pruned between the announcement and this read; the change happened, its value
            // is gone. Anything else: a value the read routes refuse to serve: changed, without it.
            String kind = unreadable.code() == ErrorCode.NOT_FOUND ? WatchEvent.ERROR : type;
            return new WatchEvent(kind, state.id(), state.path(), state.version(), null, null, rotation);
        }
    }

    static WatchEvent denied(String secretId) {
        return new WatchEvent(WatchEvent.ACCESS_DENIED, secretId, null, null, null, null, null);
    }

    /** The state an announcement describes; a deletion keeps the last version known. */
    static WatchedSecrets.State stateAfter(WatchedSecrets.State before, ChangeBus.Change change) {
        int version = change.deleted() && change.version() == 0 ? before.version() : change.version();
        return new WatchedSecrets.State(before.id(), before.vaultId(), change.path(), version, change.deleted());
    }

    private static WatchedSecrets.State deletedState(WatchedSecrets.State before) {
        return new WatchedSecrets.State(before.id(), before.vaultId(), before.path(), before.version(), true);
    }
}
