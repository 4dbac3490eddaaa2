package dev.arca.server.watch;

import dev.arca.api.Durations;
import dev.arca.api.WatchEvent;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import dev.arca.server.route.QueryParameter;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import dev.arca.server.secrets.SecretIds;
import dev.arca.server.secrets.SecretService;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/secrets/{id}/watch} (long poll) and {@code GET /v1/vaults/{vault}/events} (server-sent events).
 * Every answer, errors included, carries {@code X-Arca-Min-Poll-Interval}.
 */
public final class WatchRoutes {
    static final String MIN_POLL_INTERVAL_HEADER = "X-Arca-Min-Poll-Interval";
    static final int MAX_STREAM_SECRETS = 1000;
    private static final Pattern SECRET_ID = Pattern.compile("sk_[A-Za-z0-9_-]{1,60}");

    /** A long poll's {@code ?since=N} (the version already seen, default 0) and {@code ?wait=30s}. */
    public record PollQuery(Optional<Integer> since, @QueryParameter.Name("wait") Optional<String> waitFor) {}

    /** The event stream's {@code ?secrets=ID,ID…}. */
    public record EventsQuery(List<String> secrets) {}

    private WatchRoutes() {}

    /**
     * @param secrets finds the path a watched id is authorized against ({@link SecretIds})
     * @param vaultIdOf resolves a vault name or id from a URL to the vault's id (404 when unknown)
     */
    public static List<Route> routes(WatchService watch, SecretService secrets, UnaryOperator<String> vaultIdOf) {
        String interval = Long.toString(WatchService.MIN_POLL_INTERVAL.toSeconds());
        return List.of(
                Route.get("/v1/secrets/{secret_id}/watch").operation("secret.watch")
                        .summary("Wait for a secret to pass a version (?since=N&wait=30s, at most 60s); 204 when it "
                                + "did not")
                        .authenticated(SecretIds.requirement(secrets, Permission.LIST,
                                call -> call.pathParam("secret_id")))
                        .query(PollQuery.class).response(WatchEvent.class).withHeader(MIN_POLL_INTERVAL_HEADER, interval)
                        .handle(call -> {
                            PollQuery query = call.query(PollQuery.class);
                            return watch.poll(call.caller(), call.sourceIp(), call.pathParam("secret_id"),
                                    since(query.since()), waitOf(query.waitFor()))
                                    .map(json -> Reply.bytes(200, json, "application/json"))
                                    .orElseGet(Reply::noContent);
                        }),
                // each watched secret is authorized on its own path in the handler, as items of a batch are
                Route.get("/v1/vaults/{vault}/events").operation("secret.events")
                        .summary("Server-sent events for up to 1000 secrets (?secrets=ID,ID…)")
                        .authenticated(Permission.SELF, call -> Resource.inVault(call.pathParam("vault"), ""))
                        .query(EventsQuery.class).response(WatchEvent.class)
                        .withHeader(MIN_POLL_INTERVAL_HEADER, interval)
                        .handle(call -> Reply.stream("text/event-stream", watch.stream(call.caller(), call.sourceIp(),
                                ownVault(call, vaultIdOf), secretIds(call.query(EventsQuery.class).secrets())))));
    }

    private static int since(Optional<Integer> given) {
        int since = given.orElse(0);
        if (since < 0) {
            throw ArcaException.invalid("since", "since must be a version number from 0");
        }
        return since;
    }

    private static Duration waitOf(Optional<String> given) {
        if (given.isEmpty()) {
            return WatchService.DEFAULT_WAIT;
        }
        String text = given.get();
        try {
            Duration wait = text.equals("0") ? Duration.ZERO : Durations.parse(text);
            if (wait.compareTo(WatchService.MAX_WAIT) <= 0) {
                return wait;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ArcaException.invalid("wait", "wait must be a duration from 0 to "
                + Durations.format(WatchService.MAX_WAIT) + " (e.g. 30s)");
    }

    /** The vault named in the URL, if it is the caller's; otherwise refused without saying whether it exists. */
    private static String ownVault(Call call, UnaryOperator<String> vaultIdOf) {
        if (call.caller().isRoot()) {
            return vaultIdOf.apply(call.pathParam("vault"));
        }
        String vaultId;
        try {
            vaultId = vaultIdOf.apply(call.pathParam("vault"));
        } catch (ArcaException unknown) {
            vaultId = null;
        }
        if (vaultId == null || !vaultId.equals(call.caller().vaultId())) {
            throw ArcaException.denied("access denied: " + call.caller().subject() + " may not watch secrets of vault "
                    + call.pathParam("vault") + " (the principal belongs to another vault)");
        }
        return vaultId;
    }

    private static Set<String> secretIds(List<String> given) {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : given.isEmpty() ? List.of("") : given) {
            if (!SECRET_ID.matcher(id).matches()) {
                throw ArcaException.invalid("secrets", "secrets must be a comma-separated list of secret ids (sk_…)");
            }
            ids.add(id);
        }
        if (ids.size() > MAX_STREAM_SECRETS) {
            throw ArcaException.invalid("secrets", "at most " + MAX_STREAM_SECRETS + " secrets can be watched by "
                    + "one stream; open another for the rest");
        }
        return ids;
    }
}
