package dev.arca.server.policy;

import dev.arca.api.Page;
import dev.arca.api.Policy;
import dev.arca.server.auth.Permission;
import dev.arca.server.auth.Resource;
import dev.arca.server.http.Call;
import dev.arca.server.http.Reply;
import dev.arca.server.http.Route;
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
                Route.guarded(Route.Method.PUT, POLICY, "policy.write", "Create a policy or replace its rules",
                        Permission.ADMIN, PolicyRoutes::resource, Policy.Put.class, Policy.class,
                        call -> Reply.ok(policies.put(call.pathParam("vault"), call.pathParam("name"),
                                call.body(Policy.Put.class)))),
                Route.guarded(Route.Method.GET, POLICY, "policy.read", "Read a policy", Permission.READ,
                        PolicyRoutes::resource, null, Policy.class,
                        call -> Reply.ok(policies.get(call.pathParam("vault"), call.pathParam("name")))),
                Route.guarded(Route.Method.GET, POLICIES, "policy.list", "List policies (?limit=&cursor=)",
                        Permission.LIST, PolicyRoutes::resource, null, Page.class,
                        call -> Reply.ok(policies.list(call.pathParam("vault"), call.query("limit"),
                                call.query("cursor")))),
                Route.guarded(Route.Method.DELETE, POLICY, "policy.delete", "Delete a policy and its bindings",
                        Permission.ADMIN, PolicyRoutes::resource, null, null, call -> {
                            policies.delete(call.pathParam("vault"), call.pathParam("name"));
                            return Reply.noContent();
                        }),
                Route.guarded(Route.Method.POST, BINDINGS, "policy.bind", "Bind a policy to a subject",
                        Permission.ADMIN, PolicyRoutes::resource, Policy.Binding.class, null, call -> {
                            String subject = call.body(Policy.Binding.class).subject();
                            policies.bind(call.pathParam("vault"), call.pathParam("name"), subject);
                            call.audit("subject", subject);
                            return Reply.noContent();
                        }),
                Route.guarded(Route.Method.DELETE, BINDINGS + "/{subject}", "policy.unbind",
                        "Unbind a policy from a subject", Permission.ADMIN, PolicyRoutes::resource, null, null,
                        call -> {
                            policies.unbind(call.pathParam("vault"), call.pathParam("name"),
                                    call.pathParam("subject"));
                            return Reply.noContent();
                        }),
                Route.guarded(Route.Method.GET, BINDINGS, "policy.bindings", "List the subjects a policy is bound to",
                        Permission.READ, PolicyRoutes::resource, null, Page.class,
                        call -> Reply.ok(policies.bindings(call.pathParam("vault"), call.pathParam("name")))),
                Route.guarded(Route.Method.POST, POLICIES + "/test", "policy.test",
                        "Explain whether a subject may do something on a path, and which rule decides",
                        Permission.READ, PolicyRoutes::resource, Policy.Test.class, Policy.TestResult.class,
                        call -> Reply.ok(policies.test(call.pathParam("vault"), call.body(Policy.Test.class)))));
    }

    private static Resource resource(Call call) {
        return Resource.inVault(call.pathParam("vault"), "_policies");
    }
}
