package dev.arca.server.policy;

import dev.arca.api.Page;
import dev.arca.api.Policy;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import dev.arca.server.storage.Paging;
import java.util.List;

/**
 * {@code /v1/vaults/{vault}/policies}: policies, their bindings and the decision explainer. Every route is
 * authorized on the vault's reserved path {@code _policies}: {@code admin} to change, {@code read}/{@code list} to
 * look.
 */
public final class PolicyRoutes {
    private static final String POLICIES = "/v1/vaults/{vault}/policies";
    private static final String POLICY = POLICIES + "/{name}";
    private static final String BINDINGS = POLICY + "/bindings";

    private PolicyRoutes() {}

    public static List<Route> routes(PolicyService policies) {
        return List.of(
                Route.put(POLICY).operation("policy.write").summary("Create a policy or replace its rules")
                        .authenticated(Permission.ADMIN, PolicyRoutes::resource).body(Policy.Put.class)
                        .response(Policy.class)
                        .handle(call -> Reply.ok(policies.put(call.pathParam("vault"), call.pathParam("name"),
                                call.body(Policy.Put.class)))),
                Route.get(POLICY).operation("policy.read").summary("Read a policy")
                        .authenticated(Permission.READ, PolicyRoutes::resource).response(Policy.class)
                        .handle(call -> Reply.ok(policies.get(call.pathParam("vault"), call.pathParam("name")))),
                Route.get(POLICIES).operation("policy.list").summary("List policies (?limit=&cursor=)")
                        .authenticated(Permission.LIST, PolicyRoutes::resource).query(Paging.Query.class)
                        .response(Page.class)
                        .handle(call -> Reply.ok(policies.list(call.pathParam("vault"), call.query(Paging.Query.class)))),
                Route.delete(POLICY).operation("policy.delete").summary("Delete a policy and its bindings")
                        .authenticated(Permission.ADMIN, PolicyRoutes::resource)
                        .handle(call -> {
                            policies.delete(call.pathParam("vault"), call.pathParam("name"));
                            return Reply.noContent();
                        }),
                Route.post(BINDINGS).operation("policy.bind").summary("Bind a policy to a subject")
                        .authenticated(Permission.ADMIN, PolicyRoutes::resource).body(Policy.Binding.class)
                        .handle(call -> {
                            String subject = call.body(Policy.Binding.class).subject();
                            policies.bind(call.pathParam("vault"), call.pathParam("name"), subject);
                            call.audit("subject", subject);
                            return Reply.noContent();
                        }),
                Route.delete(BINDINGS + "/{subject}").operation("policy.unbind")
                        .summary("Unbind a policy from a subject")
                        .authenticated(Permission.ADMIN, PolicyRoutes::resource)
                        .handle(call -> {
                            policies.unbind(call.pathParam("vault"), call.pathParam("name"),
                                    call.pathParam("subject"));
                            return Reply.noContent();
                        }),
                Route.get(BINDINGS).operation("policy.bindings").summary("List the subjects a policy is bound to")
                        .authenticated(Permission.READ, PolicyRoutes::resource).response(Page.class)
                        .handle(call -> Reply.ok(policies.bindings(call.pathParam("vault"), call.pathParam("name")))),
                Route.post(POLICIES + "/test").operation("policy.test")
                        .summary("Explain whether a subject may do something on a path, and which rule decides")
                        .authenticated(Permission.READ, PolicyRoutes::resource).body(Policy.Test.class)
                        .response(Policy.TestResult.class)
                        .handle(call -> Reply.ok(policies.test(call.pathParam("vault"),
                                call.body(Policy.Test.class)))));
    }

    private static Resource resource(Call call) {
        return Resource.inVault(call.pathParam("vault"), "_policies");
    }
}
