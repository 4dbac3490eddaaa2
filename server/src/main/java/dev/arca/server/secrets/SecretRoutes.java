package dev.arca.server.secrets;

import dev.arca.api.Page;
import dev.arca.api.Secret;
import dev.arca.server.auth.Permission;
import dev.arca.server.auth.Resource;
import dev.arca.server.http.Call;
import dev.arca.server.http.Guard;
import dev.arca.server.http.Reply;
import dev.arca.server.http.Route;
import java.util.List;

/** Secrets by path inside a vault ({@code /v1/vaults/{vault}/secrets/…}) and by id ({@code /v1/secrets/{id}}). */
public final class SecretRoutes {
    private static final String BY_PATH = "/v1/vaults/{vault}/secrets/<path>";

    private SecretRoutes() {}

    /** @param guard filters listings down to what the caller may list, item by item */
    public static List<Route> routes(SecretService secrets, Guard guard) {
        return List.of(
                Route.guarded(Route.Method.PUT, BY_PATH, "secret.write", "Write a new version of a secret",
                        Permission.UPDATE, SecretRoutes::resource, Secret.Put.class, Secret.Written.class,
                        call -> Reply.ok(secrets.put(call.pathParam("vault"), call.pathParam("path"),
                                call.body(Secret.Put.class), call.caller()))),
                Route.guarded(Route.Method.GET, BY_PATH, "secret.read", "Read a secret (latest or ?version=N)",
                        Permission.READ, SecretRoutes::resource, null, Secret.class,
                        call -> Reply.ok(secrets.read(call.pathParam("vault"), call.pathParam("path"),
                                call.query("version")))),
                Route.guarded(Route.Method.DELETE, BY_PATH, "secret.delete", "Delete a secret (soft)",
                        Permission.DELETE, SecretRoutes::resource, null, null,
                        call -> {
                            secrets.delete(call.pathParam("vault"), call.pathParam("path"));
                            return Reply.noContent();
                        }),
                Route.guarded(Route.Method.GET, "/v1/vaults/{vault}/secrets", "secret.list",
                        "List secrets (?prefix=&limit=&cursor=)", Permission.LIST,
                        call -> Resource.inVault(call.pathParam("vault"), call.query("prefix").orElse("")),
                        null, Page.class,
                        call -> Reply.ok(visible(call, guard, secrets.list(call.pathParam("vault"),
                                call.query("prefix"), call.query("limit"), call.query("cursor"))))),
                Route.guarded(Route.Method.GET, "/v1/secrets/{secret_id}", "secret.read-by-id",
                        "Read a secret by id (latest or ?version=N)", Permission.READ,
                        call -> secrets.resourceOf(call.pathParam("secret_id")), null, Secret.class,
                        call -> Reply.ok(secrets.readById(call.pathParam("secret_id"), call.query("version")))));
    }

    /**
     * A prefix is not a path boundary ({@code app} also lists {@code application/…}), so being allowed to list the
     * prefix is not enough: each item is shown only if the caller may list its own path. The cursor still
     * follows the unfiltered page, so paging stays correct (a page may hold fewer than {@code limit} items).
     */
    private static Page<Secret.Item> visible(Call call, Guard guard, Page<Secret.Item> page) {
        if (call.caller().isRoot()) {
            return page;
        }
        String vault = call.pathParam("vault");
        return new Page<>(page.data().stream().filter(item -> guard.permits(call.caller(),
                Resource.inVault(vault, item.path()), Permission.LIST, call.sourceIp())).toList(), page.hasMore(),
                page.cursor());
    }

    private static Resource resource(Call call) {
        return Resource.inVault(call.pathParam("vault"), call.pathParam("path"));
    }
}
