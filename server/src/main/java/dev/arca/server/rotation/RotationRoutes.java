package dev.arca.server.rotation;

import dev.arca.api.Page;
import dev.arca.api.Rotation;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.util.List;
import java.util.function.Function;

/**
 * The rotation engine's routes ({@code docs/API-rotation.md}), authorized on the reserved paths
 * {@code _rotation/policies/{name}}, {@code _rotation/runs} and {@code _rotation/due}.
 */
final class RotationRoutes {
    private static final String PREFIX = RotationEngine.PREFIX;
    private static final String POLICIES = PREFIX + "/policies";
    private static final String POLICY = POLICIES + "/{name}";

    private RotationRoutes() {}

    static List<Route> routes(PolicyService policies, AssignmentService assignments, RunService runs) {
        return List.of(
                Route.put(POLICY).operation("rotation.policy.write")
                        .summary("Create or replace a rotation policy: when secrets rotate and what a rotation makes")
                        .authenticated(Permission.UPDATE, policy()).body(Rotation.PolicyWrite.class)
                        .response(Rotation.Policy.class)
                        .handle(call -> Reply.ok(policies.put(vault(call), call.pathParam("name"),
                                call.body(Rotation.PolicyWrite.class)))),
                Route.get(POLICIES).operation("rotation.policy.list").summary("List the vault's rotation policies")
                        .authenticated(Permission.LIST, area("policies")).response(Page.class)
                        .handle(call -> Reply.ok(new Page<>(policies.list(vault(call)), false, null))),
                Route.get(POLICY).operation("rotation.policy.read")
                        .summary("Read a rotation policy, its assignments and how many secrets it covers")
                        .authenticated(Permission.READ, policy()).response(Rotation.Policy.class)
                        .handle(call -> Reply.ok(policies.get(vault(call), call.pathParam("name")))),
                Route.delete(POLICY).operation("rotation.policy.delete")
                        .summary("Delete a rotation policy and its assignments (the history stays)")
                        .authenticated(Permission.DELETE, policy())
                        .handle(call -> {
                            policies.delete(vault(call), call.pathParam("name"));
                            return Reply.noContent();
                        }),
                Route.post(POLICY + "/assign").operation("rotation.assign")
                        .summary("Assign the policy to a secret (path or id), a path prefix or a tag")
                        .authenticated(Permission.UPDATE, policy()).body(Rotation.Assign.class)
                        .response(Rotation.Assignment.class)
                        .handle(call -> Reply.ok(assignments.assign(vault(call), call.pathParam("name"),
                                call.body(Rotation.Assign.class)))),
                Route.post(POLICY + "/unassign").operation("rotation.unassign")
                        .summary("Remove one of the policy's assignments")
                        .authenticated(Permission.UPDATE, policy()).body(Rotation.Assign.class)
                        .handle(call -> {
                            assignments.unassign(vault(call), call.pathParam("name"),
                                    call.body(Rotation.Assign.class));
                            return Reply.noContent();
                        }),
                Route.post(POLICY + "/trigger").operation("rotation.trigger")
                        .summary("Rotate now every secret the policy covers, or those named; runs move on in the "
                                + "background")
                        .authenticated(Permission.UPDATE, policy()).body(Rotation.Trigger.class)
                        .response(Rotation.Triggered.class)
                        .handle(call -> Reply.json(202, runs.trigger(vault(call), call.pathParam("name"),
                                call.optionalBody(Rotation.Trigger.class).orElse(Rotation.Trigger.all())))),
                Route.get(PREFIX + "/runs").operation("rotation.history")
                        .summary("The rotation history, newest first, by policy, secret or status")
                        .authenticated(Permission.LIST, area("runs")).query(RunService.HistoryQuery.class)
                        .response(Page.class)
                        .handle(call -> Reply.ok(runs.history(vault(call), call.query(RunService.HistoryQuery.class)))),
                Route.get(PREFIX + "/runs/{run_id}").operation("rotation.run").summary("One rotation run")
                        .authenticated(Permission.READ, area("runs")).response(Rotation.Run.class)
                        .handle(call -> Reply.ok(runs.run(vault(call), call.pathParam("run_id")))),
                Route.get(PREFIX + "/due").operation("rotation.due")
                        .summary("The covered secrets due to rotate within a window, overdue first")
                        .authenticated(Permission.LIST, area("due")).query(RunService.DueQuery.class)
                        .response(Page.class)
                        .handle(call -> Reply.ok(runs.due(vault(call), call.query(RunService.DueQuery.class)))));
    }

    private static Function<Call, Resource> policy() {
        return call -> Resource.inVault(vault(call), "_rotation/policies/" + call.pathParam("name"));
    }

    private static Function<Call, Resource> area(String area) {
        return call -> Resource.inVault(vault(call), "_rotation/" + area);
    }

    private static String vault(Call call) {
        return call.pathParam("vault");
    }
}
