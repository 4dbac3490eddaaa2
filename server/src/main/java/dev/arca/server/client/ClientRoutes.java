package dev.arca.server.client;

import dev.arca.api.Client;
import dev.arca.api.Page;
import dev.arca.server.auth.Permission;
import dev.arca.server.auth.Resource;
import dev.arca.server.http.ArcaException;
import dev.arca.server.http.Call;
import dev.arca.server.http.ErrorCode;
import dev.arca.server.http.Reply;
import dev.arca.server.http.Route;
import dev.arca.server.seal.SealService;
import java.util.List;

/** {@code /v1/vaults/{vault}/clients} (admin of {@code _clients}) and the public {@code POST /v1/auth/token}. */
public final class ClientRoutes {
    private ClientRoutes() {}

    public static List<Route> routes(ClientService clients, SealService seal) {
        var endpoint = new TokenEndpoint(clients);
        return List.of(
                Route.guarded(Route.Method.POST, "/v1/vaults/{vault}/clients", "client.create",
                        "Create an OAuth client (its client_secret is shown once)", Permission.ADMIN,
                        ClientRoutes::resource, Client.Create.class, Client.Created.class,
                        call -> Reply.created(clients.create(call.pathParam("vault"),
                                call.body(Client.Create.class)))),
                Route.guarded(Route.Method.GET, "/v1/vaults/{vault}/clients", "client.list",
                        "List OAuth clients (?limit=&cursor=)", Permission.LIST, ClientRoutes::resource, null,
                        Page.class, call -> Reply.ok(clients.list(call.pathParam("vault"), call.query("limit"),
                                call.query("cursor")))),
                Route.guarded(Route.Method.POST, "/v1/vaults/{vault}/clients/{id}/revoke", "client.revoke",
                        "Revoke an OAuth client and every token issued to it", Permission.ADMIN,
                        ClientRoutes::resource, null, Client.class,
                        call -> Reply.ok(clients.revoke(call.pathParam("vault"), call.pathParam("id")))),
                Route.open(Route.Method.POST, "/v1/auth/token", "client.token",
                        "OAuth 2.0 client credentials grant (form: client_secret, HTTP Basic or private_key_jwt)",
                        null, Client.AccessToken.class, call -> {
                            checkUnsealed(seal);
                            return endpoint.exchange(call);
                        }));
    }

    private static Resource resource(Call call) {
        return Resource.inVault(call.pathParam("vault"), "_clients");
    }

    private static void checkUnsealed(SealService seal) {
        if (!seal.isInitialized() || seal.isSealed()) {
            throw new ArcaException(ErrorCode.SEALED, "Arca is sealed; unseal it with `arca operator unseal`");
        }
    }
}
