package dev.arca.server.secrets;

import dev.arca.api.Batch;
import dev.arca.api.Export;
import dev.arca.api.Page;
import dev.arca.api.Resolve;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.util.List;
import java.util.Optional;

/**
 * Reading many secrets at once: listing and search, batch read, export and reference resolution.
 *
 * <p>All four are declared {@link Permission#SELF} — callable by any authenticated principal — because what they
 * may return is decided per item, and the handlers first refuse principals of other vaults
 * ({@link VaultMembership}): a listing shows each secret whose path the caller may {@code list} (least privilege: no
 * {@code list} on the whole vault or on the prefix is needed, see {@link SecretListing}); batch read, export and
 * resolve ask {@code read} on each path before it is looked up.
 */
public final class SecretQueryRoutes {
    /** An export's {@code ?project=}: that project's secrets only, by name or {@code proj_…} id. */
    public record ExportQuery(Optional<String> project) {}

    private SecretQueryRoutes() {}

    public static List<Route> routes(SecretListing listing, BatchRead batch, SecretExport export,
            NotationResolver resolver) {
        return List.of(
                Route.get("/v1/vaults/{vault}/secrets").operation("secret.list")
                        .summary("List and search secrets (?prefix=&recursive=&project=&tag=&q=&limit=&cursor=)")
                        .authenticated(Permission.SELF, SecretQueryRoutes::vault)
                        .query(SecretListing.Parameters.class).response(Page.class)
                        .handle(call -> Reply.ok(listing.list(call.pathParam("vault"), listingQuery(call),
                                call.caller(), call.sourceIp()))),
                Route.post("/v1/vaults/{vault}/secrets/batch").operation("secret.batch-read")
                        .summary("Read up to 100 secrets by path and id, each authorized on its own")
                        .authenticated(Permission.SELF, SecretQueryRoutes::vault).body(Batch.class)
                        .response(Batch.Result.class).readingOnly()
                        .handle(call -> Reply.ok(batch.read(call.pathParam("vault"), call.body(Batch.class),
                                call.caller(), call.sourceIp()))),
                Route.get("/v1/vaults/{vault}/export").operation("secret.export")
                        .summary("Readable secrets as environment variables (one project with ?project=NAME|ID, "
                                + "else all)")
                        .authenticated(Permission.SELF, SecretQueryRoutes::vault).query(ExportQuery.class)
                        .response(Export.class)
                        .handle(call -> Reply.ok(export.export(call.pathParam("vault"),
                                call.query(ExportQuery.class).project(), call.caller(), call.sourceIp()))),
                Route.post("/v1/vaults/{vault}/resolve").operation("secret.resolve")
                        .summary("Resolve up to 100 arca:// references, each authorized on its own")
                        .authenticated(Permission.SELF, SecretQueryRoutes::vault).body(Resolve.class)
                        .response(Resolve.Result.class).readingOnly()
                        .handle(call -> Reply.ok(resolver.resolve(call.pathParam("vault"), call.body(Resolve.class),
                                call.caller(), call.sourceIp()))));
    }

    private static SecretListing.Query listingQuery(Call call) {
        return SecretListing.Query.from(call.query(SecretListing.Parameters.class));
    }

    private static Resource vault(Call call) {
        return Resource.inVault(call.pathParam("vault"), "");
    }
}
