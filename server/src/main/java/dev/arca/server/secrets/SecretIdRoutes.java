package dev.arca.server.secrets;

import dev.arca.api.Secret;
import dev.arca.api.SecretMetadata;
import dev.arca.server.identity.Permission;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.util.List;

/**
 * A secret's metadata and lifecycle by its {@code sk_…} id ({@code /v1/secrets/{secret_id}/…}), beside the same
 * routes by path ({@link SecretRoutes}), which they answer exactly as: same bodies, same query parameters, same
 * permissions, asked on the secret's path.
 *
 * <p>Each is authorized with {@link SecretIds#requirement}: an id the caller may not act on — unknown, of another
 * vault, or outside its policies — gets one 403 with one message, so ids cannot be probed; only root learns that an
 * id is unknown (404). A caller who may act on the secret's path learns what the path route would tell it: the
 * metadata of a deleted secret, and 404 for deleting one that is deleted already.
 */
public final class SecretIdRoutes {
    private static final String BY_ID = "/v1/secrets/{secret_id}";

    private SecretIdRoutes() {}

    public static List<Route> routes(SecretService secrets) {
        return List.of(
                Route.get(BY_ID + "/metadata").operation("secret.metadata.read-by-id")
                        .summary("Read a secret's metadata and versions by id (never its value)")
                        .authenticated(SecretIds.requirement(secrets, Permission.READ, SecretIdRoutes::id))
                        .response(SecretMetadata.class)
                        .handle(call -> Reply.ok(secrets.metadataById(id(call)))),
                Route.patch(BY_ID + "/metadata").operation("secret.metadata.update-by-id")
                        .summary("Change a secret's description, tags, custom metadata or max_versions by id")
                        .authenticated(SecretIds.requirement(secrets, Permission.UPDATE, SecretIdRoutes::id))
                        .body(SecretMetadata.Update.class).response(SecretMetadata.class)
                        .handle(call -> Reply.ok(secrets.updateMetadataById(id(call),
                                call.body(SecretMetadata.Update.class), call.caller()))),
                Route.post(BY_ID + "/undelete").operation("secret.undelete-by-id")
                        .summary("Undelete a secret, or some of its versions, by id")
                        .authenticated(SecretIds.requirement(secrets, Permission.DELETE, SecretIdRoutes::id))
                        .body(Secret.Versions.class).response(SecretMetadata.class)
                        .handle(call -> Reply.ok(secrets.undeleteById(id(call),
                                call.optionalBody(Secret.Versions.class).map(Secret.Versions::versions).orElse(null),
                                call.caller()))),
                Route.post(BY_ID + "/destroy").operation("secret.destroy-by-id")
                        .summary("Destroy versions of a secret for good, by id")
                        .authenticated(SecretIds.requirement(secrets, Permission.DELETE, SecretIdRoutes::id))
                        .body(Secret.Versions.class).response(SecretMetadata.class)
                        .handle(call -> Reply.ok(secrets.destroyById(id(call),
                                call.body(Secret.Versions.class).versions(), call.caller()))),
                Route.delete(BY_ID).operation("secret.delete-by-id")
                        .summary("Delete a secret by id (soft), one version (?version=N) or destroy it all "
                                + "(?permanent=true)")
                        .authenticated(SecretIds.requirement(secrets, Permission.DELETE, SecretIdRoutes::id))
                        .query(SecretRoutes.DeleteQuery.class)
                        .handle(call -> {
                            SecretRoutes.DeleteQuery query = call.query(SecretRoutes.DeleteQuery.class);
                            secrets.deleteById(id(call), query.version(), query.permanent().orElse(false),
                                    call.caller());
                            return Reply.noContent();
                        }));
    }

    private static String id(Call call) {
        return call.pathParam("secret_id");
    }
}
