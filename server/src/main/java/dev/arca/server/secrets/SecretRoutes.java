package dev.arca.server.secrets;

import dev.arca.api.Secret;
import dev.arca.server.auth.Permission;
import dev.arca.server.auth.Resource;
import dev.arca.server.http.Call;
import dev.arca.server.http.Reply;
import dev.arca.server.http.Route;
import java.util.List;

/** Secrets by path inside a vault ({@code /v1/vaults/{vault}/secrets/…}) and by id ({@code /v1/secrets/{id}}). */
public final class SecretRoutes {
    private static final String BY_PATH = "/v1/vaults/{vault}/secrets/<path>";

    private SecretRoutes() {}

    /** The listing of a vault's secrets is {@link SecretQueryRoutes}'. */
    public static List<Route> routes(SecretService secrets) {
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
                Route.guarded(Route.Method.GET, "/v1/secrets/{secret_id}", "secret.read-by-id",
                        "Read a secret by id (latest or ?version=N)", Permission.READ,
                        call -> secrets.resourceOf(call.pathParam("secret_id")), null, Secret.class,
                        call -> Reply.ok(secrets.readById(call.pathParam("secret_id"), call.query("version")))));
    }

    private static Resource resource(Call call) {
        return Resource.inVault(call.pathParam("vault"), call.pathParam("path"));
    }
}
