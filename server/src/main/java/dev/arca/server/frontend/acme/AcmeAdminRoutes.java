package dev.arca.server.frontend.acme;

import static dev.arca.server.pki.PkiResources.area;
import static dev.arca.server.pki.PkiResources.named;

import dev.arca.api.Acme;
import dev.arca.api.Page;
import dev.arca.server.identity.Permission;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.util.List;

/**
 * The Arca door's routes that set up a vault's ACME server, beside the PKI engine's own settings: the settings on
 * {@code _pki/config} (as {@code config/crl}), the EAB keys on {@code _pki/eab}. A new EAB key is answered once
 * with its HMAC key; listings never show one.
 */
final class AcmeAdminRoutes {
    private static final String PKI = "/v1/vaults/{vault}/pki";

    private AcmeAdminRoutes() {}

    static List<Route> routes(AcmeAdmin admin) {
        return List.of(
                Route.get(PKI + "/config/acme").operation("pki.config.acme.read")
                        .summary("The vault's ACME server settings and its default directory URL")
                        .authenticated(Permission.READ, area("config")).response(Acme.ServerConfig.class)
                        .handle(call -> Reply.ok(admin.read(call))),
                Route.put(PKI + "/config/acme").operation("pki.config.acme.write")
                        .summary("Change the vault's ACME server settings; a part left out keeps its value")
                        .authenticated(Permission.UPDATE, area("config")).body(Acme.ServerConfigWrite.class)
                        .response(Acme.ServerConfig.class)
                        .handle(call -> Reply.ok(admin.write(call, call.body(Acme.ServerConfigWrite.class)))),
                Route.post(PKI + "/eab").operation("pki.eab.create")
                        .summary("A new external account binding key for the ACME server (its key answered once)")
                        .authenticated(Permission.CREATE, area("eab")).body(Acme.EabCreate.class)
                        .response(Acme.EabKey.class)
                        .handle(call -> Reply.created(admin.createEab(call,
                                call.optionalBody(Acme.EabCreate.class).orElse(new Acme.EabCreate(null))))),
                Route.get(PKI + "/eab").operation("pki.eab.list")
                        .summary("The vault's EAB keys, without their keys: when made, when used and by which account")
                        .authenticated(Permission.LIST, area("eab")).response(Page.class)
                        .handle(call -> Reply.ok(admin.listEab(call))),
                Route.delete(PKI + "/eab/{id}").operation("pki.eab.delete")
                        .summary("Delete an EAB key (an account it bound stays)")
                        .authenticated(Permission.DELETE, named("eab", "id"))
                        .handle(call -> {
                            admin.deleteEab(call);
                            return Reply.noContent();
                        }));
    }
}
