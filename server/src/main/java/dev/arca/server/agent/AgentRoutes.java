package dev.arca.server.agent;

import dev.arca.api.Agent;
import dev.arca.api.Page;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import dev.arca.server.storage.Paging;
import java.util.List;

/**
 * {@code /v1/vaults/{vault}/agents} (admin of {@code _agents}) and the anonymous challenge-response routes
 * {@code /v1/auth/agent/challenge} and {@code /v1/auth/agent/session}.
 */
public final class AgentRoutes {
    private static final String AGENTS = "/v1/vaults/{vault}/agents";

    private AgentRoutes() {}

    public static List<Route> routes(AgentService agents) {
        return List.of(
                Route.post(AGENTS).operation("agent.create").summary("Register an agent with its Ed25519 public key")
                        .authenticated(Permission.ADMIN, AgentRoutes::resource).body(Agent.Create.class)
                        .response(Agent.class)
                        .handle(call -> Reply.created(agents.create(call.pathParam("vault"),
                                call.body(Agent.Create.class)))),
                Route.get(AGENTS).operation("agent.list").summary("List agents (?limit=&cursor=)")
                        .authenticated(Permission.LIST, AgentRoutes::resource).query(Paging.Query.class)
                        .response(Page.class)
                        .handle(call -> Reply.ok(agents.list(call.pathParam("vault"), call.query(Paging.Query.class)))),
                Route.post(AGENTS + "/{name}/revoke").operation("agent.revoke")
                        .summary("Revoke an agent and its sessions")
                        .authenticated(Permission.ADMIN, AgentRoutes::resource).response(Agent.class)
                        .handle(call -> Reply.ok(agents.revoke(call.pathParam("vault"), call.pathParam("name")))),
                Route.post(AGENTS + "/{name}/disable").operation("agent.disable")
                        .summary("Disable an agent: no new session, its live ones refused until enabled")
                        .authenticated(Permission.ADMIN, AgentRoutes::resource).response(Agent.class)
                        .handle(call -> Reply.ok(agents.setDisabled(call.pathParam("vault"), call.pathParam("name"),
                                true))),
                Route.post(AGENTS + "/{name}/enable").operation("agent.enable")
                        .summary("Enable a disabled agent again")
                        .authenticated(Permission.ADMIN, AgentRoutes::resource).response(Agent.class)
                        .handle(call -> Reply.ok(agents.setDisabled(call.pathParam("vault"), call.pathParam("name"),
                                false))),
                Route.post("/v1/auth/agent/challenge").operation("agent.challenge")
                        .summary("A challenge (32 random bytes, 60 s, single use) for an agent to sign").anonymous()
                        .body(Agent.ChallengeRequest.class).response(Agent.Challenge.class).handle(call -> {
                            Agent.ChallengeRequest request = call.body(Agent.ChallengeRequest.class);
                            audit(call, "agent", request.agent());
                            return Reply.ok(agents.challenge(request));
                        }),
                Route.post("/v1/auth/agent/session").operation("agent.session")
                        .summary("Exchange a signed challenge for an agent session token").anonymous()
                        .body(Agent.SessionRequest.class).response(Agent.Session.class).handle(call -> {
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
}
