package dev.arca.server.secrets;

import static dev.arca.server.secrets.SecretAddress.path;
import static dev.arca.server.secrets.SecretAddress.vault;

import dev.arca.api.Secret;
import dev.arca.api.SecretMetadata;
import dev.arca.server.access.Guard;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.util.List;
import java.util.Optional;

/**
 * Secrets by path inside a vault ({@code /v1/vaults/{vault}/secrets/…}) and read by id ({@code /v1/secrets/{id}};
 * metadata, delete, undelete and destroy by id are {@link SecretIdRoutes}').
 * The router matches the {@code …/metadata} routes before the plain read ({@code frontend.http.RouteOrder}), so
 * {@code GET …/app/db/metadata} is the metadata of {@code app/db}; {@code metadata} can therefore not be the last
 * segment of a secret's path.
 */
public final class SecretRoutes {
    private static final String BY_PATH = "/v1/vaults/{vault}/secrets/<path>";

    /**
     * A read's {@code ?version=N} or {@code ?version=previous}, {@code ?field=NAME} for one field, and
     * {@code ?metadata=true} for the secret's metadata in the answer.
     */
    public record ReadQuery(Optional<String> version, Optional<String> field, Optional<Boolean> metadata) {
        boolean withMetadata() {
            return metadata.orElse(false);
        }
    }

    /** A delete's {@code ?version=N} (that version only) or {@code ?permanent=true} (every version, for good). */
    public record DeleteQuery(Optional<Integer> version, Optional<Boolean> permanent) {}

    private SecretRoutes() {}

    /**
     * The listing of a vault's secrets is {@link SecretQueryRoutes}'.
     *
     * @param guard asked whether the caller of a rotation may read what it rotated
     */
    public static List<Route> routes(SecretService secrets, Guard guard) {
        var rotation = new SecretRotation(secrets);
        return List.of(
                Route.put(BY_PATH).operation("secret.write").summary("Write a new version of a secret")
                        .authenticated(Permission.UPDATE, SecretAddress::resource).body(Secret.Put.class)
                        .response(Secret.Written.class)
                        .handle(call -> Reply.ok(secrets.put(vault(call), path(call), call.body(Secret.Put.class),
                                call.caller()))),
                Route.get(BY_PATH + "/metadata").operation("secret.metadata.read")
                        .summary("Read a secret's metadata and versions (never its value)")
                        .authenticated(Permission.READ, SecretAddress::resource).response(SecretMetadata.class)
                        .handle(call -> Reply.ok(secrets.metadata(vault(call), path(call)))),
                Route.patch(BY_PATH + "/metadata").operation("secret.metadata.update")
                        .summary("Change a secret's description, tags, custom metadata or max_versions (no new "
                                + "version)")
                        .authenticated(Permission.UPDATE, SecretAddress::resource).body(SecretMetadata.Update.class)
                        .response(SecretMetadata.class)
                        .handle(call -> Reply.ok(secrets.updateMetadata(vault(call), path(call),
                                call.body(SecretMetadata.Update.class), call.caller()))),
                Route.post(BY_PATH + "/rotate").operation("secret.rotate")
                        .summary("Rotate a secret: a new current version, the old one served as previous during the "
                                + "grace; the new value in the answer only for a reader")
                        .authenticated(Permission.ROTATE, SecretAddress::resource).body(Secret.Rotate.class)
                        .response(Secret.Rotated.class)
                        .handle(call -> Reply.ok(rotation.rotate(vault(call), path(call),
                                call.body(Secret.Rotate.class), call.caller(),
                                mayRead(guard, call, SecretAddress.resource(call))))),
                Route.post("/v1/secrets/{secret_id}/rotate").operation("secret.rotate-by-id")
                        .summary("Rotate a secret by id, as by path")
                        .authenticated(SecretIds.requirement(secrets, Permission.ROTATE,
                                call -> call.pathParam("secret_id")))
                        .body(Secret.Rotate.class).response(Secret.Rotated.class)
                        .handle(call -> {
                            String id = call.pathParam("secret_id");
                            return Reply.ok(rotation.rotateById(id, call.body(Secret.Rotate.class), call.caller(),
                                    mayRead(guard, call, secrets.resourceOf(id))));
                        }),
                Route.post(BY_PATH + "/undelete").operation("secret.undelete")
                        .summary("Undelete a secret, or some of its versions")
                        .authenticated(Permission.DELETE, SecretAddress::resource).body(Secret.Versions.class)
                        .response(SecretMetadata.class)
                        .handle(call -> Reply.ok(secrets.undelete(vault(call), path(call),
                                call.optionalBody(Secret.Versions.class).map(Secret.Versions::versions).orElse(null),
                                call.caller()))),
                Route.post(BY_PATH + "/destroy").operation("secret.destroy")
                        .summary("Destroy versions of a secret for good")
                        .authenticated(Permission.DELETE, SecretAddress::resource).body(Secret.Versions.class)
                        .response(SecretMetadata.class)
                        .handle(call -> Reply.ok(secrets.destroy(vault(call), path(call),
                                call.body(Secret.Versions.class).versions(), call.caller()))),
                Route.get(BY_PATH).operation("secret.read")
                        .summary("Read a secret (latest, ?version=N or ?version=previous; ?field=NAME for one field; "
                                + "?metadata=true for its metadata too)")
                        .authenticated(Permission.READ, SecretAddress::resource).query(ReadQuery.class)
                        .response(Secret.class)
                        .handle(call -> {
                            ReadQuery query = call.query(ReadQuery.class);
                            return Reply.ok(query.withMetadata()
                                    ? secrets.readWithMetadata(vault(call), path(call), query.version(), query.field())
                                    : secrets.read(vault(call), path(call), query.version(), query.field()));
                        }),
                Route.delete(BY_PATH).operation("secret.delete")
                        .summary("Delete a secret (soft), one version (?version=N) or destroy it all (?permanent=true)")
                        .authenticated(Permission.DELETE, SecretAddress::resource).query(DeleteQuery.class)
                        .handle(call -> {
                            DeleteQuery query = call.query(DeleteQuery.class);
                            secrets.delete(vault(call), path(call), query.version(), query.permanent().orElse(false),
                                    call.caller());
                            return Reply.noContent();
                        }),
                Route.get("/v1/secrets/{secret_id}").operation("secret.read-by-id")
                        .summary("Read a secret by id (latest, ?version=N or ?version=previous; ?field=NAME; "
                                + "?metadata=true)")
                        .authenticated(SecretIds.requirement(secrets, Permission.READ,
                                call -> call.pathParam("secret_id")))
                        .query(ReadQuery.class).response(Secret.class)
                        .handle(call -> {
                            ReadQuery query = call.query(ReadQuery.class);
                            String id = call.pathParam("secret_id");
                            return Reply.ok(query.withMetadata()
                                    ? secrets.readByIdWithMetadata(id, query.version(), query.field())
                                    : secrets.readById(id, query.version(), query.field()));
                        }));
    }

    /**
     * Whether the caller of a rotation may also {@code read} the secret, asked of the guard as a read would ask it:
     * only then does the answer carry the new value.
     */
    private static boolean mayRead(Guard guard, Call call, Resource secret) {
        return guard.permits(call.caller(), secret, Permission.READ, call.sourceIp());
    }
}
