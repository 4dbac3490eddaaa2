package dev.arca.server.client;

import dev.arca.api.Client;
import dev.arca.api.Page;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import dev.arca.server.storage.Paging;
import java.util.List;

/** {@code /v1/vaults/{vault}/clients} (admin of {@code _clients}) and the anonymous {@code POST /v1/auth/token}. */
public final class ClientRoutes {
    private static final String CLIENTS = "/v1/vaults/{vault}/clients";

    private ClientRoutes() {}

    public static List<Route> routes(ClientService clients) {
        var endpoint = new TokenEndpoint(clients);
        return List.of(
                Route.post(CLIENTS).operation("client.create")
                        .summary("Create an OAuth client (its client_secret is shown once)")
                        .authenticated(Permission.ADMIN, ClientRoutes::resource).body(Client.Create.class)
                        .response(Client.Created.class)
                        .handle(call -> Reply.created(clients.create(call.pathParam("vault"),
                                call.body(Client.Create.class)))),
                Route.get(CLIENTS).operation("client.list").summary("List OAuth clients (?limit=&cursor=)")
                        .authenticated(Permission.LIST, ClientRoutes::resource).query(Paging.Query.class)
                        .response(Page.class)
                        .handle(call -> Reply.ok(clients.list(call.pathParam("vault"), call.query(Paging.Query.class)))),
                Route.post(CLIENTS + "/{id}/revoke").operation("client.revoke")
                        .summary("Revoke an OAuth client and every token issued to it")
                        .authenticated(Permission.ADMIN, ClientRoutes::resource).response(Client.class)
                        .handle(call -> Reply.ok(clients.revoke(call.pathParam("vault"), call.pathParam("id")))),
                Route.post(CLIENTS + "/{id}/disable").operation("client.disable")
                        .summary("Disable an OAuth client: its secret, JWTs and tokens refused until enabled")
                        .authenticated(Permission.ADMIN, ClientRoutes::resource).response(Client.class)
                        .handle(call -> Reply.ok(clients.setDisabled(call.pathParam("vault"), call.pathParam("id"),
                                true))),
                Route.post(CLIENTS + "/{id}/enable").operation("client.enable")
                        .summary("Enable a disabled OAuth client again")
                        .authenticated(Permission.ADMIN, ClientRoutes::resource).response(Client.class)
                        .handle(call -> Reply.ok(clients.setDisabled(call.pathParam("vault"), call.pathParam("id"),
                                false))),
                Route.post("/v1/auth/token").operation("client.token")
                        .summary("OAuth 2.0 client credentials grant (form: client_secret, HTTP Basic or "
                                + "private_key_jwt)")
                        .anonymous().response(Client.AccessToken.class).handle(endpoint::exchange));
    }

    private static Resource resource(Call call) {
        return Resource.inVault(call.pathParam("vault"), "_clients");
    }
}
