package dev.arca.server.watch;

import dev.arca.api.WatchEvent;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import dev.arca.server.route.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code text/event-stream} answer of {@code GET /v1/vaults/{vault}/events}: an event per announced change of
 * a watched secret ({@code event: changed|rotated|rotation_due|rotation_failed|deleted|access_denied|error}, {@code data:} the {@link WatchEvent}),
 * and a {@code : heartbeat} comment every {@link WatchService#RECHECK} when nothing happens. Before anything is
 * told, and at every heartbeat, the watcher's access is asked again: if its credentials no longer hold, every
 * secret is {@code access_denied}; a secret its policies no longer let it list is {@code access_denied} alone. Once
 * no secret is left, or the server seals or stops, the stream ends. What a change tells — liveness, decisions and
 * the event's bytes — is found once for all the streams it woke, and what a heartbeat asks once for the streams
 * rechecking in the same second ({@link SharedAnswers}), so one write reaches thousands of streams without a
 * database read or a serialisation per stream.
 */
final class EventStream implements Reply.StreamBody {
    /** Who watches, as authenticated when the stream opened. */
    record Watcher(Principal principal, String sourceIp) {}

    private final WatchService watch;
    private final Watcher watcher;
    private final Map<String, WatchedSecrets.State> watched;
    private final List<String> refused;

    EventStream(WatchService watch, Watcher watcher, Map<String, WatchedSecrets.State> watched, List<String> refused) {
        this.watch = watch;
        this.watcher = watcher;
        this.watched = new LinkedHashMap<>(watched);
        this.refused = List.copyOf(refused);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        try (ChangeBus.Subscription subscription = watch.bus().subscribe(watched.keySet())) {
            write(out, ": watching " + watched.size() + " secrets\n\n");
            for (String id : refused) {
                send(out, WatchService.denied(id));
            }
            out.flush();
            while (!watched.isEmpty()) {
                List<ChangeBus.Change> changes = subscription.next(WatchService.RECHECK);
                if (subscription.ended() || !unsealed()) {
                    return;
                }
                // a change's answers are shared by every stream it woke, a heartbeat's by those of the same second
                SharedAnswers shared = changes.isEmpty() ? watch.heartbeatAnswers()
                        : watch.answersTo(changes.getFirst());
                if (changes.isEmpty()) {
                    refreshFromStorage(shared);
                }
                changes.stream().filter(change -> !change.isNotice()).forEach(change -> watched.computeIfPresent(
                        change.secretId(), (id, before) -> WatchService.stateAfter(before, change)));
                recheck(out, subscription, shared);
                for (ChangeBus.Change change : changes) {
                    WatchedSecrets.State state = watched.get(change.secretId());
                    if (state != null) {
                        out.write(watch.encodedEvent(watch.answersTo(change), watcher.principal(), watcher.sourceIp(),
                                state, change, true));
                    }
                }
                if (changes.isEmpty()) {
                    write(out, ": heartbeat\n\n");
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean unsealed() {
        try {
            watch.checkUnsealed();
            return true;
        } catch (ArcaException sealed) {
            return false;
        }
    }

    /** Paths follow renames and deletions the bus may not have announced (another node, a project rename). */
    private void refreshFromStorage(SharedAnswers shared) {
        Set<String> ids = Set.copyOf(watched.keySet());
        Map<String, WatchedSecrets.State> now = shared.states(ids, () -> watch.store().byIds(ids));
        watched.replaceAll((id, before) -> now.getOrDefault(id,
                new WatchedSecrets.State(id, before.vaultId(), before.path(), before.version(), true)));
    }

    /** Drops, with {@code access_denied}, every secret the watcher may no longer watch. */
    private void recheck(OutputStream out, ChangeBus.Subscription subscription, SharedAnswers shared)
            throws IOException {
        Principal principal = watcher.principal();
        String sourceIp = watcher.sourceIp();
        boolean live = watch.liveAfter(shared, principal, sourceIp);
        List<String> lost = new ArrayList<>();
        watched.forEach((id, state) -> {
            if (!live || !watch.mayList(shared, principal, sourceIp, state)) {
                lost.add(id);
            }
        });
        for (String id : lost) {
            watched.remove(id);
            subscription.unwatch(id);
            send(out, WatchService.denied(id));
        }
    }

    private static void send(OutputStream out, WatchEvent event) throws IOException {
        out.write(WatchService.encode(event, true));
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
