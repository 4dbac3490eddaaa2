package dev.arca.server.secrets;

import static dev.arca.server.secrets.SecretAddress.path;
import static dev.arca.server.secrets.SecretAddress.vault;

import dev.arca.api.Secret;
import dev.arca.api.SecretMetadata;
import dev.arca.server.auth.Permission;
import dev.arca.server.http.Guard;
import dev.arca.server.http.Reply;
import dev.arca.server.http.Route;
import java.util.List;

/**
 * Secrets by path inside a vault ({@code /v1/vaults/{vault}/secrets/…}) and by id ({@code /v1/secrets/{id}}).
 * The router matches the {@code …/metadata} routes before the plain read ({@code http.RouteOrder}), so
 * {@code GET …/app/db/metadata} is the metadata of {@code app/db}; {@code metadata} can therefore not be the last
 * segment of a secret's path.
 */
public final class SecretRoutes {
    private static final String BY_PATH = "/v1/vaults/{vault}/secrets/<path>";

    private SecretRoutes() {}

    /**
     * The listing of a vault's secrets is {@link SecretQueryRoutes}'.
     *
     * @param guard decides what a read by id is authorized against ({@link SecretIds})
     */
    public static List<Route> routes(SecretService secrets, Guard guard) {
        SecretIds ids = new SecretIds(secrets, guard);
        return List.of(
                Route.guarded(Route.Method.PUT, BY_PATH, "secret.write", "Write a new version of a secret",
                        Permission.UPDATE, SecretAddress::resource, Secret.Put.class, Secret.Written.class,
                        call -> Reply.ok(secrets.put(vault(call), path(call), call.body(Secret.Put.class),
                                call.caller()))),
                Route.guarded(Route.Method.GET, BY_PATH + "/metadata", "secret.metadata.read",
                        "Read a secret's metadata and versions (never its value)", Permission.READ,
                        SecretAddress::resource, null, SecretMetadata.class,
                        call -> Reply.ok(secrets.metadata(vault(call), path(call)))),
                Route.guarded(Route.Method.PATCH, BY_PATH + "/metadata", "secret.metadata.update",
                        "Change a secret's description, tags, custom metadata or max_versions (no new version)",
                        Permission.UPDATE, SecretAddress::resource, SecretMetadata.Update.class, SecretMetadata.class,
                        call -> Reply.ok(secrets.updateMetadata(vault(call), path(call),
                                call.body(SecretMetadata.Update.class), call.caller()))),
                Route.guarded(Route.Method.POST, BY_PATH + "/rotate", "secret.rotate",
                        "Rotate a secret: a new current version, the old one served as previous during the grace",
                        Permission.ROTATE, SecretAddress::resource, Secret.Rotate.class, Secret.Written.class,
                        call -> Reply.ok(secrets.rotate(vault(call), path(call), call.body(Secret.Rotate.class),
                                call.caller()))),
                Route.guarded(Route.Method.POST, BY_PATH + "/undelete", "secret.undelete",
                        "Undelete a secret, or some of its versions", Permission.DELETE, SecretAddress::resource,
                        Secret.Versions.class, SecretMetadata.class,
                        call -> Reply.ok(secrets.undelete(vault(call), path(call),
                                call.optionalBody(Secret.Versions.class).map(Secret.Versions::versions).orElse(null),
                                call.caller()))),
                Route.guarded(Route.Method.POST, BY_PATH + "/destroy", "secret.destroy",
                        "Destroy versions of a secret for good", Permission.DELETE, SecretAddress::resource,
                        Secret.Versions.class, SecretMetadata.class,
                        call -> Reply.ok(secrets.destroy(vault(call), path(call),
                                call.body(Secret.Versions.class).versions(), call.caller()))),
                Route.guarded(Route.Method.GET, BY_PATH, "secret.read",
                        "Read a secret (latest, ?version=N or ?version=previous; ?field=NAME for one field)",
                        Permission.READ, SecretAddress::resource, null, Secret.class,
                        call -> Reply.ok(secrets.read(vault(call), path(call), call.query("version"),
                                call.query("field")))),
                Route.guarded(Route.Method.DELETE, BY_PATH, "secret.delete",
                        "Delete a secret (soft), one version (?version=N) or destroy it all (?permanent=true)",
                        Permission.DELETE, SecretAddress::resource, null, null,
                        call -> {
                            secrets.delete(vault(call), path(call), call.query("version"), call.query("permanent"),
                                    call.caller());
                            return Reply.noContent();
                        }),
                Route.guarded(Route.Method.GET, "/v1/secrets/{secret_id}", "secret.read-by-id",
                        "Read a secret by id (latest, ?version=N or ?version=previous; ?field=NAME)",
                        Permission.READ, call -> ids.authorize(call.pathParam("secret_id"), call.caller(),
                                Permission.READ, call.sourceIp()), null, Secret.class,
                        call -> Reply.ok(secrets.readById(call.pathParam("secret_id"), call.query("version"),
                                call.query("field")))));
    }
}
