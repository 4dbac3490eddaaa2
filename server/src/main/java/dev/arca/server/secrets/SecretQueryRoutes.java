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

/**
 * Reading many secrets at once: listing and search, batch read, export and reference resolution.
 *
 * <p>Listing asks {@code list} on the listed range at the route and then on each item's path. Batch read, export
 * and resolve are declared {@link Permission#SELF} — callable by any authenticated principal — because what
 * they may return is decided per item: each path is asked {@code read} on its own before it is looked up, and
 * the handlers first refuse principals of other vaults.
 */
public final class SecretQueryRoutes {
    private SecretQueryRoutes() {}

    public static List<Route> routes(SecretListing listing, BatchRead batch, SecretExport export,
            NotationResolver resolver) {
        return List.of(
                Route.get("/v1/vaults/{vault}/secrets").operation("secret.list")
                        .summary("List and search secrets (?prefix=&recursive=&project=&tag=&q=&limit=&cursor=)")
                        .authenticated(Permission.LIST, call -> Resource.inVault(call.pathParam("vault"),
                                SecretListing.Query.from(call::query).authorizedPath()))
                        .response(Page.class)
                        .handle(call -> Reply.ok(listing.list(call.pathParam("vault"),
                                SecretListing.Query.from(call::query), call.caller(), call.sourceIp()))),
                Route.post("/v1/vaults/{vault}/secrets/batch").operation("secret.batch-read")
                        .summary("Read up to 100 secrets by path and id, each authorized on its own")
                        .authenticated(Permission.SELF, SecretQueryRoutes::vault).body(Batch.class)
                        .response(Batch.Result.class).readingOnly()
                        .handle(call -> Reply.ok(batch.read(call.pathParam("vault"), call.body(Batch.class),
                                call.caller(), call.sourceIp()))),
                Route.get("/v1/vaults/{vault}/export").operation("secret.export")
                        .summary("Readable secrets as environment variables (one project with ?project=, else all)")
                        .authenticated(Permission.SELF, SecretQueryRoutes::vault).response(Export.class)
                        .handle(call -> Reply.ok(export.export(call.pathParam("vault"), call.query("project"),
                                call.caller(), call.sourceIp()))),
                Route.post("/v1/vaults/{vault}/resolve").operation("secret.resolve")
                        .summary("Resolve up to 100 arca:// references, each authorized on its own")
                        .authenticated(Permission.SELF, SecretQueryRoutes::vault).body(Resolve.class)
                        .response(Resolve.Result.class).readingOnly()
                        .handle(call -> Reply.ok(resolver.resolve(call.pathParam("vault"), call.body(Resolve.class),
                                call.caller(), call.sourceIp()))));
    }

    private static Resource vault(Call call) {
        return Resource.inVault(call.pathParam("vault"), "");
    }
}
