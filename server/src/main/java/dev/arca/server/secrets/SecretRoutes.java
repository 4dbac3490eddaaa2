package dev.arca.server.secrets;

import dev.arca.api.Page;
import dev.arca.api.Secret;
import dev.arca.api.SecretMetadata;
import dev.arca.server.auth.Permission;
import dev.arca.server.auth.Resource;
import dev.arca.server.http.Call;
import dev.arca.server.http.Guard;
import dev.arca.server.http.Reply;
import dev.arca.server.http.Route;
import java.util.List;

/**
 * Secrets by path inside a vault ({@code /v1/vaults/{vault}/secrets/…}) and by id ({@code /v1/secrets/{id}}).
 * The {@code …/metadata} routes come before the plain read, so {@code GET …/app/db/metadata} is the metadata of
 * {@code app/db}; {@code metadata} can therefore not be the last segment of a secret's path.
 */
public final class SecretRoutes {
    private static final String BY_PATH = "/v1/vaults/{vault}/secrets/<path>";

    private SecretRoutes() {}

    /** @param guard filters listings down to what the caller may list, item by item */
    public static List<Route> routes(SecretService secrets, Guard guard) {
        return List.of(
                Route.guarded(Route.Method.PUT, BY_PATH, "secret.write", "Write a new version of a secret",
                        Permission.UPDATE, SecretRoutes::resource, Secret.Put.class, Secret.Written.class,
                        call -> Reply.ok(secrets.put(vault(call), path(call), call.body(Secret.Put.class),
                                call.caller()))),
                Route.guarded(Route.Method.GET, BY_PATH + "/metadata", "secret.metadata.read",
                        "Read a secret's metadata and versions (never its value)", Permission.READ,
                        SecretRoutes::resource, null, SecretMetadata.class,
                        call -> Reply.ok(secrets.metadata(vault(call), path(call)))),
                Route.guarded(Route.Method.PATCH, BY_PATH + "/metadata", "secret.metadata.update",
                        "Change a secret's description, tags, custom metadata or max_versions (no new version)",
                        Permission.UPDATE, SecretRoutes::resource, SecretMetadata.Update.class, SecretMetadata.class,
                        call -> Reply.ok(secrets.updateMetadata(vault(call), path(call),
                                call.body(SecretMetadata.Update.class), call.caller()))),
                Route.guarded(Route.Method.POST, BY_PATH + "/rotate", "secret.rotate",
                        "Rotate a secret: a new current version, the old one served as previous during the grace",
                        Permission.ROTATE, SecretRoutes::resource, Secret.Rotate.class, Secret.Written.class,
                        call -> Reply.ok(secrets.rotate(vault(call), path(call), call.body(Secret.Rotate.class),
                                call.caller()))),
                Route.guarded(Route.Method.POST, BY_PATH + "/undelete", "secret.undelete",
                        "Undelete a secret, or some of its versions", Permission.DELETE, SecretRoutes::resource,
                        Secret.Versions.class, SecretMetadata.class,
                        call -> Reply.ok(secrets.undelete(vault(call), path(call),
                                call.optionalBody(Secret.Versions.class).map(Secret.Versions::versions).orElse(null),
                                call.caller()))),
                Route.guarded(Route.Method.POST, BY_PATH + "/destroy", "secret.destroy",
                        "Destroy versions of a secret for good", Permission.DELETE, SecretRoutes::resource,
                        Secret.Versions.class, SecretMetadata.class,
                        call -> Reply.ok(secrets.destroy(vault(call), path(call),
                                call.body(Secret.Versions.class).versions(), call.caller()))),
                Route.guarded(Route.Method.GET, BY_PATH, "secret.read",
                        "Read a secret (latest, ?version=N or ?version=previous; ?field=NAME for one field)",
                        Permission.READ, SecretRoutes::resource, null, Secret.class,
                        call -> Reply.ok(secrets.read(vault(call), path(call), call.query("version"),
                                call.query("field")))),
                Route.guarded(Route.Method.DELETE, BY_PATH, "secret.delete",
                        "Delete a secret (soft), one version (?version=N) or destroy it all (?permanent=true)",
                        Permission.DELETE, SecretRoutes::resource, null, null,
                        call -> {
                            secrets.delete(vault(call), path(call), call.query("version"), call.query("permanent"),
                                    call.caller());
                            return Reply.noContent();
                        }),
                Route.guarded(Route.Method.GET, "/v1/vaults/{vault}/secrets", "secret.list",
                        "List secrets (?prefix=&limit=&cursor=)", Permission.LIST,
                        call -> Resource.inVault(vault(call), call.query("prefix").orElse("")),
                        null, Page.class,
                        call -> Reply.ok(visible(call, guard, secrets.list(vault(call),
                                call.query("prefix"), call.query("limit"), call.query("cursor"))))),
                Route.guarded(Route.Method.GET, "/v1/secrets/{secret_id}", "secret.read-by-id",
                        "Read a secret by id (latest, ?version=N or ?version=previous; ?field=NAME)",
                        Permission.READ, call -> secrets.resourceOf(call.pathParam("secret_id")), null, Secret.class,
                        call -> Reply.ok(secrets.readById(call.pathParam("secret_id"), call.query("version"),
                                call.query("field")))));
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
        String vault = vault(call);
        return new Page<>(page.data().stream().filter(item -> guard.permits(call.caller(),
                Resource.inVault(vault, item.path()), Permission.LIST, call.sourceIp())).toList(), page.hasMore(),
                page.cursor());
    }

    private static String vault(Call call) {
        return call.pathParam("vault");
    }

    private static String path(Call call) {
        return call.pathParam("path");
    }

    private static Resource resource(Call call) {
        return Resource.inVault(vault(call), path(call));
    }
}
