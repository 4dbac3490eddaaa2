package dev.arca.server.agent;

import dev.arca.api.Agent;
import dev.arca.api.Page;
import dev.arca.server.auth.Permission;
import dev.arca.server.auth.Resource;
import dev.arca.server.http.ArcaException;
import dev.arca.server.http.Call;
import dev.arca.server.http.ErrorCode;
import dev.arca.server.http.Reply;
import dev.arca.server.http.Route;
import dev.arca.server.seal.SealService;
import java.util.List;

/**
 * {@code /v1/vaults/{vault}/agents} (admin of {@code _agents}) and the public challenge-response routes
 * {@code /v1/auth/agent/challenge} and {@code /v1/auth/agent/session}.
 */
public final class AgentRoutes {
    private AgentRoutes() {}

    public static List<Route> routes(AgentService agents, SealService seal) {
        return List.of(
                Route.guarded(Route.Method.POST, "/v1/vaults/{vault}/agents", "agent.create",
                        "Register an agent with its Ed25519 public key", Permission.ADMIN, AgentRoutes::resource,
                        Agent.Create.class, Agent.class,
                        call -> Reply.created(agents.create(call.pathParam("vault"), call.body(Agent.Create.class)))),
                Route.guarded(Route.Method.GET, "/v1/vaults/{vault}/agents", "agent.list",
                        "List agents (?limit=&cursor=)", Permission.LIST, AgentRoutes::resource, null, Page.class,
                        call -> Reply.ok(agents.list(call.pathParam("vault"), call.query("limit"),
                                call.query("cursor")))),
                Route.guarded(Route.Method.POST, "/v1/vaults/{vault}/agents/{name}/revoke", "agent.revoke",
                        "Revoke an agent and its sessions", Permission.ADMIN, AgentRoutes::resource, null,
                        Agent.class, call -> Reply.ok(agents.revoke(call.pathParam("vault"), call.pathParam("name")))),
                Route.open(Route.Method.POST, "/v1/auth/agent/challenge", "agent.challenge",
                        "A challenge (32 random bytes, 60 s, single use) for an agent to sign",
                        Agent.ChallengeRequest.class, Agent.Challenge.class, call -> {
                            checkUnsealed(seal);
                            Agent.ChallengeRequest request = call.body(Agent.ChallengeRequest.class);
                            audit(call, "agent", request.agent());
                            return Reply.ok(agents.challenge(request));
                        }),
                Route.open(Route.Method.POST, "/v1/auth/agent/session", "agent.session",
                        "Exchange a signed challenge for an agent session token", Agent.SessionRequest.class,
                        Agent.Session.class, call -> {
                            checkUnsealed(seal);
                            Agent.SessionRequest request = call.body(Agent.SessionRequest.class);
                            audit(call, "challenge_id", request.challengeId());
                            return Reply.ok(agents.session(request, call.sourceIp()));
                        }));
    }

    private static Resource resource(Call call) {
        return Resource.inVault(call.pathParam("vault"), "_agents");
    }

    private static void audit(Call call, String key, String value) {
        if (value != null) {
            call.audit(key, value);
        }
    }

    private static void checkUnsealed(SealService seal) {
        if (!seal.isInitialized() || seal.isSealed()) {
            throw new ArcaException(ErrorCode.SEALED, "Arca is sealed; unseal it with `arca operator unseal`");
        }
    }
}
