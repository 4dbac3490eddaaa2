package dev.arca.server.secrets;

import dev.arca.api.Batch;
import dev.arca.api.Export;
import dev.arca.api.Page;
import dev.arca.api.Resolve;
import dev.arca.server.auth.Permission;
import dev.arca.server.auth.Resource;
import dev.arca.server.http.ArcaException;
import dev.arca.server.http.Call;
import dev.arca.server.http.Reply;
import dev.arca.server.http.Route;
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
                Route.guarded(Route.Method.GET, "/v1/vaults/{vault}/secrets", "secret.list",
                        "List and search secrets (?prefix=&recursive=&project=&tag=&q=&limit=&cursor=)",
                        Permission.LIST,
                        call -> Resource.inVault(call.pathParam("vault"),
                                SecretListing.Query.from(call::query).authorizedPath()),
                        null, Page.class,
                        call -> Reply.ok(listing.list(call.pathParam("vault"), SecretListing.Query.from(call::query),
                                call.caller(), call.sourceIp()))),
                Route.guarded(Route.Method.POST, "/v1/vaults/{vault}/secrets/batch", "secret.batch-read",
                        "Read up to 100 secrets by path and id, each authorized on its own", Permission.SELF,
                        SecretQueryRoutes::vault, Batch.class, Batch.Result.class,
                        call -> Reply.ok(batch.read(call.pathParam("vault"), call.body(Batch.class), call.caller(),
                                call.sourceIp()))).readingOnly(),
                Route.guarded(Route.Method.GET, "/v1/vaults/{vault}/export", "secret.export",
                        "Readable secrets as environment variables (one project with ?project=, else all)",
                        Permission.SELF, SecretQueryRoutes::vault, null, Export.class,
                        call -> Reply.ok(export.export(call.pathParam("vault"), call.query("project"),
                                call.caller(), call.sourceIp()))),
                Route.guarded(Route.Method.POST, "/v1/vaults/{vault}/resolve", "secret.resolve",
                        "Resolve up to 100 arca:// references, each authorized on its own", Permission.SELF,
                        SecretQueryRoutes::vault, Resolve.class, Resolve.Result.class,
                        call -> Reply.ok(resolver.resolve(call.pathParam("vault"), call.body(Resolve.class),
                                call.caller(), call.sourceIp()))).readingOnly());
    }

    private static Resource vault(Call call) {
        return Resource.inVault(call.pathParam("vault"), "");
    }
}
