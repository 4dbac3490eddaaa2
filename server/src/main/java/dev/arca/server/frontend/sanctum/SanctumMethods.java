package dev.arca.server.frontend.sanctum;

import dev.arca.api.Lease;
import dev.arca.api.Secret;
import dev.arca.api.Use;
import dev.arca.server.agent.AgentService;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Requirement;
import dev.arca.server.route.Route;
import dev.arca.server.secrets.SecretAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The door's method table: each SanctumAI method a {@link Route} served through the pipeline, in both dialects —
 * the Python and Node clients' ({@code authenticate}, {@code challenge_response}, {@code list}, {@code retrieve},
 * {@code release_lease}, {@code use}) and the Rust client's ({@code auth.challenge}, {@code auth.verify},
 * {@code credential.list|retrieve|use}, {@code lease.release}), which differ only in names and answer shapes.
 *
 * <p>The parameters a route reads are the call's path parameters ({@link FrameExchange}); {@code vault} is the
 * session's vault and {@code session} the door session the call belongs to, both set by the door. Permissions are
 * Arca's own, asked by the pipeline: {@code list} per secret for list, {@code lease} for retrieve, {@code use} for
 * use (and {@code use:header} on top for {@code http_header}), the holder for release.
 */
public final class SanctumMethods {
    /**
     * A method: its route and the parameters a call must send; {@code operationBody} for {@code use}, whose nested
     * {@code params} (with the operation) are the route's body.
     */
    record Method(Route route, List<String> required, boolean operationBody) {
        Method(Route route, List<String> required) {
            this(route, required, false);
        }

        boolean authenticated() {
            return route.access() == Route.Access.AUTHENTICATED;
        }
    }

    /** {@code http_header} answers the ready-made header, which reveals the value: {@code use:header} too, as in Arca. */
    private static final Requirement HEADER_REVEALS_THE_VALUE = Requirement.when(
            call -> Use.HTTP_HEADER.equals(call.pathParam("operation")),
            Requirement.permission(Permission.USE_HEADER, SecretAddress::resource));

    private final SanctumAuthentication auth;
    private final SanctumCredentials credentials;
    private final Map<String, Method> methods;

    public SanctumMethods(AgentService agents, SanctumCredentials credentials, Clock clock) {
        this.auth = new SanctumAuthentication(agents, new SanctumSessions(clock), clock);
        this.credentials = credentials;
        this.methods = table();
    }

    /** The method of that name, or empty for a name this door does not speak. */
    Optional<Method> method(String name) {
        return Optional.ofNullable(methods.get(name));
    }

    /** The names this door speaks, for the refusal of another. */
    String names() {
        return String.join(", ", methods.keySet());
    }

    SanctumSessions sessions() {
        return auth.sessions();
    }

    private Map<String, Method> table() {
        var table = new LinkedHashMap<String, Method>();
        table.put("authenticate", new Method(Route.post("authenticate").operation("sanctum.authenticate")
                .summary("A challenge for an agent, under a new session").anonymous().readingOnly()
                .handle(call -> {
                    var started = start(call, "agent_name");
                    return Reply.ok(Map.of("session_id", started.sessionId(), "challenge", started.challenge()));
                }), List.of("agent_name")));
        table.put("challenge_response", new Method(Route.post("challenge_response")
                .operation("sanctum.challenge-response").summary("The signed challenge: the session is authenticated")
                .anonymous().handle(call -> {
                    finish(call, Optional.empty());
                    return Reply.ok(Map.of("authenticated", true));
                }), List.of("session_id", "signature")));
        table.put("auth.challenge", new Method(Route.post("auth.challenge").operation("sanctum.authenticate")
                .summary("A challenge for an agent, its session bound to the connection").anonymous().readingOnly()
                .handle(call -> {
                    var started = start(call, "agent");
                    // the Rust client reads only challenge; session_id tells the connection which session is its
                    return Reply.ok(Map.of("challenge", started.challenge(), "session_id", started.sessionId()));
                }), List.of("agent")));
        table.put("auth.verify", new Method(Route.post("auth.verify").operation("sanctum.challenge-response")
                .summary("The signed challenge: the connection's session is authenticated").anonymous()
                .handle(call -> {
                    finish(call, Optional.of(call.pathParam("agent")));
                    return Reply.ok(Map.of("authenticated", true, "session_id", call.pathParam("session")));
                }), List.of("agent", "signature")));
        table.put("list", new Method(list("list").handle(call -> Reply.ok(Map.of("credentials",
                listed(call).stream().map(SanctumMethods::described).toList()))), List.of()));
        table.put("credential.list", new Method(list("credential.list").handle(call -> Reply.ok(listed(call)
                .stream().map(item -> Map.of("path", item.path(), "type", item.type())).toList())), List.of()));
        table.put("retrieve", new Method(retrieve("retrieve").handle(call -> {
            Lease.Retrieved retrieved = retrieved(call);
            var answer = new LinkedHashMap<String, Object>();
            answer.put("path", retrieved.path());
            answer.put("value", HexFormat.of().formatHex(retrieved.value().reveal()
                    .getBytes(StandardCharsets.UTF_8)));
            answer.put("lease_id", retrieved.leaseId());
            answer.put("ttl", retrieved.ttl());
            answer.put("expires_at", retrieved.expiresAt().toString());
            answer.put("version", retrieved.version());
            return Reply.ok(answer);
        }), List.of("path")));
        table.put("credential.retrieve", new Method(retrieve("credential.retrieve").handle(call -> {
            Lease.Retrieved retrieved = retrieved(call);
            return Reply.ok(Map.of("path", retrieved.path(), "value", retrieved.value(), "lease_id",
                    retrieved.leaseId(), "ttl", retrieved.ttl()));
        }), List.of("path")));
        table.put("release_lease", new Method(release("release_lease"), List.of("lease_id")));
        table.put("lease.release", new Method(release("lease.release"), List.of("lease_id")));
        table.put("use", new Method(use("use").handle(call -> Reply.ok(used(call))),
                List.of("path", "operation"), true));
        table.put("credential.use", new Method(use("credential.use").handle(call ->
                Reply.ok(Map.of("success", true, "output", used(call)))), List.of("path", "operation"), true));
        return Map.copyOf(table);
    }

    private SanctumAuthentication.Started start(Call call, String parameter) {
        String agent = call.pathParam(parameter);
        call.audit("agent", agent);
        return auth.start(agent);
    }

    private void finish(Call call, Optional<String> agentNamed) {
        call.auditSensitive("session", call.pathParam("session"));
        auth.finish(call.pathParam("session"), call.pathParam("signature"), agentNamed, call.sourceIp());
    }

    private static Route.Builder list(String name) {
        return Route.get(name).operation("sanctum.list").summary("The credentials the agent may list")
                .authenticated(Permission.SELF, call -> Resource.inVault(call.pathParam("vault"), ""));
    }

    private List<Secret.Item> listed(Call call) {
        return credentials.list(call.pathParam("vault"), call.caller(), call.sourceIp());
    }

    private static Map<String, Object> described(Secret.Item item) {
        var described = new LinkedHashMap<String, Object>();
        described.put("path", item.path());
        described.put("type", item.type());
        described.put("version", item.version());
        // Arca keeps when the latest version was written; SanctumAI's created_at is the nearest it has
        described.put("created_at", item.updatedAt().toString());
        return described;
    }

    private static Route.Builder retrieve(String name) {
        return Route.post(name).operation("sanctum.retrieve").summary("A credential's value, on a lease")
                .authenticated(Permission.LEASE, SecretAddress::resource);
    }

    private Lease.Retrieved retrieved(Call call) {
        Lease.Retrieved retrieved = credentials.retrieve(call.pathParam("vault"), call.pathParam("path"),
                ttl(call.pathParam("ttl")), call.caller());
        call.audit("lease", retrieved.leaseId());
        return retrieved;
    }

    private Route release(String name) {
        return Route.post(name).operation("sanctum.release-lease").summary("End a lease now")
                .authenticated(Permission.SELF, call -> Resource.global("leases/self"))
                .prepareThenHandle(call -> {
                    call.audit("lease", call.pathParam("lease_id"));
                    Runnable release = credentials.release(call.pathParam("lease_id"), call.caller(),
                            call.sourceIp());
                    return inTransaction -> {
                        release.run();
                        return Reply.ok(Map.of());
                    };
                });
    }

    private static Route.Builder use(String name) {
        // reads only: an upstream call may take a minute and must not hold a write transaction meanwhile
        return Route.post(name).operation("sanctum.use").summary("Use a credential without retrieving it")
                .authenticated(Permission.USE, SecretAddress::resource).requires(HEADER_REVEALS_THE_VALUE)
                .readingOnly();
    }

    private Object used(Call call) {
        return credentials.use(call.pathParam("vault"), call.pathParam("path"), call.pathParam("operation"), call);
    }

    /** SanctumAI's ttl: whole seconds, optional. */
    private static Optional<Long> ttl(@Nullable String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(text);
            if (seconds >= 1) {
                return Optional.of(seconds);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ArcaException.invalid("ttl", "ttl is the lease's lifetime in whole seconds, at least 1; got '" + text
                + "'");
    }
}
