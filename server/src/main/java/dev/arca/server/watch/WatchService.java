package dev.arca.server.watch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.arca.api.ErrorCode;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Watching secrets: a long poll on one secret, and the event streams of {@link EventStream}. Watching needs
 * {@code list} on the secret's path (a version number is what a listing shows); an event carries the value only
 * when the watcher may {@code read} it. Access is asked again whenever something is about to be told and at least
 * every {@link #RECHECK}: a watcher whose credentials were revoked, or whose policies no longer let it list the
 * secret, hears {@code access_denied} and nothing more. Waiting holds no database connection and no platform
 * thread.
 *
 * <p>One change often wakes many watchers of one secret at once, so the value of a version, once decrypted for
 * a watcher allowed to read it, is shared with the others for {@link #SHARE_VALUE} (each one's permission is still
 * asked, and nothing is served while sealed); after that it is dropped from memory.
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

    private final WatchedSecrets store;
    private final ChangeBus bus;
    private final SecretService secrets;
    private final Guard guard;
    private final PrincipalLiveness liveness;
    private final PollRateGuard pollRate = new PollRateGuard(MIN_POLL_INTERVAL, Ticker.systemTicker());
    private final Cache<String, Secret> recentValues = Caffeine.newBuilder().expireAfterWrite(SHARE_VALUE)
            .maximumSize(1_000).build();
    /** Per announced change (by identity), the principals found live after it; see {@link #liveSince}. */
    private final Cache<ChangeBus.Change, Set<String>> liveAfterChange = Caffeine.newBuilder().weakKeys()
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
     * {@code GET /v1/secrets/{id}/watch?since=N&wait=D}: the event as soon as the secret is past version
     * {@code since}, deleted, or no longer watchable by the caller; empty after {@code wait}.
     */
    Optional<WatchEvent> poll(Principal caller, String sourceIp, String secretId, int since, Duration wait)
            throws InterruptedException {
        if (wait.isZero()) {
            pollRate.check(caller.subject(), secretId);
        }
        WatchedSecrets.State state = store.byId(secretId)
                .orElseThrow(() -> ArcaException.notFound("no secret with id " + secretId));
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (state.deleted() || state.version() > since) {
                guard.checkUnsealed();
                return Optional.of(event(caller, sourceIp, state));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || bus.isClosed()) {
                return Optional.empty();
            }
            Optional<ChangeBus.Change> woken = bus.await(secretId, since, Duration.ofNanos(Math.min(left,
                    RECHECK.toNanos())));
            boolean live;
            if (woken.isPresent()) {
                state = stateAfter(state, woken.get());
                live = liveSince(woken.get(), caller, sourceIp);
            } else {
                state = store.byId(secretId).orElse(deletedState(state));
                live = liveness.isLive(caller, sourceIp);
            }
            if (!live || !mayList(caller, sourceIp, state)) {
                return Optional.of(denied(secretId));
            }
        }
    }

    /**
     * Whether the caller's credentials held at some point after {@code change} was announced. One change can wake
     * thousands of one principal's watchers: the first to find the principal live tells the others, which is as if
     * they had all been answered at that moment. A refusal is never shared, and the memory goes with the change.
     */
    private boolean liveSince(ChangeBus.Change change, Principal caller, String sourceIp) {
        Set<String> confirmed = liveAfterChange.get(change, c -> ConcurrentHashMap.newKeySet());
        String who = caller.subject() + "\n" + caller.tokenAccessor() + "\n" + sourceIp;
        if (confirmed.contains(who)) {
            return true;
        }
        boolean live = liveness.isLive(caller, sourceIp);
        if (live) {
            confirmed.add(who);
        }
        return live;
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

    boolean isLive(Principal caller, String sourceIp) {
        return liveness.isLive(caller, sourceIp);
    }

    boolean mayList(Principal caller, String sourceIp, WatchedSecrets.State state) {
        return guard.permits(caller, Resource.inVault(state.vaultId(), state.path()), Permission.LIST, sourceIp);
    }

    /** The event that tells {@code state}, with the value when the caller may read it. */
    WatchEvent event(Principal caller, String sourceIp, WatchedSecrets.State state) {
        return event(caller, sourceIp, state, WatchEvent.CHANGED, null);
    }

    /**
     * The event of {@code change} about {@code state}: a notice as it is, a new version (written, or rotated) with
     * the value when the caller may read it.
     */
    WatchEvent event(Principal caller, String sourceIp, WatchedSecrets.State state, ChangeBus.Change change) {
        String notice = change.type();
        if (change.isNotice() && notice != null) {
            return new WatchEvent(notice, state.id(), state.path(), state.version(), null, null,
                    change.rotation());
        }
        boolean rotated = WatchEvent.ROTATED.equals(change.type()) && !state.deleted();
        return event(caller, sourceIp, state, rotated ? WatchEvent.ROTATED : WatchEvent.CHANGED,
                rotated ? change.rotation() : null);
    }

    private WatchEvent event(Principal caller, String sourceIp, WatchedSecrets.State state, String type,
            Rotation.@Nullable Notice rotation) {
        if (state.deleted()) {
            return new WatchEvent(WatchEvent.DELETED, state.id(), state.path(), state.version(), null, null, null);
        }
        if (!guard.permits(caller, Resource.inVault(state.vaultId(), state.path()), Permission.READ, sourceIp)) {
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
