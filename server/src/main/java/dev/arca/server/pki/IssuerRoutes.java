package dev.arca.server.pki;

import static dev.arca.server.pki.PkiResources.area;
import static dev.arca.server.pki.PkiResources.named;
import static dev.arca.server.pki.PkiResources.vault;

import dev.arca.api.Page;
import dev.arca.api.Pki;
import dev.arca.server.identity.Permission;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.util.List;

/** The issuer routes ({@code …/pki/issuers…}), authorized on {@code _pki/issuers/{name}}. */
final class IssuerRoutes {
    static final String ISSUERS = "/v1/vaults/{vault}/pki/issuers";
    static final String ISSUER = ISSUERS + "/{issuer}";

    private IssuerRoutes() {}

    static List<Route> routes(IssuerService issuers) {
        return List.of(
                Route.post(ISSUERS + "/root").operation("pki.issuer.root")
                        .summary("Generate a root CA in the vault: its key is made there and stays there")
                        .authenticated(Permission.CREATE, area("issuers"))
                        .body(Pki.GenerateRoot.class).response(Pki.Issuer.class)
                        .handle(call -> Reply.created(issuers.generateRoot(vault(call),
                                call.body(Pki.GenerateRoot.class), call.caller()))),
                Route.post(ISSUERS + "/intermediate").operation("pki.issuer.intermediate")
                        .summary("Generate an intermediate CA's key in the vault; answers its CSR to be signed")
                        .authenticated(Permission.CREATE, area("issuers"))
                        .body(Pki.GenerateIntermediate.class).response(Pki.IntermediateRequest.class)
                        .handle(call -> Reply.created(issuers.generateIntermediate(vault(call),
                                call.body(Pki.GenerateIntermediate.class), call.caller()))),
                Route.post(ISSUERS + "/import").operation("pki.issuer.import")
                        .summary("Import an outside CA: certificate and key to issue, or certificate only to validate")
                        .authenticated(Permission.CREATE, area("issuers"))
                        .body(Pki.Import.class).response(Pki.Issuer.class)
                        .handle(call -> Reply.created(issuers.importIssuer(vault(call), call.body(Pki.Import.class),
                                call.caller()))),
                Route.get(ISSUERS).operation("pki.issuer.list").summary("List the vault's issuers")
                        .authenticated(Permission.LIST, area("issuers")).response(Page.class)
                        .handle(call -> Reply.ok(issuers.list(vault(call)))),
                Route.get(ISSUER).operation("pki.issuer.read").summary("Describe an issuer (never its key)")
                        .authenticated(Permission.READ, named("issuers", "issuer")).response(Pki.Issuer.class)
                        .handle(call -> Reply.ok(issuers.get(vault(call), call.pathParam("issuer")))),
                Route.patch(ISSUER).operation("pki.issuer.update")
                        .summary("Change an issuer's URLs or leaf not-after behaviour, or make it the default")
                        .authenticated(Permission.UPDATE, named("issuers", "issuer")).body(Pki.UpdateIssuer.class)
                        .response(Pki.Issuer.class)
                        .handle(call -> Reply.ok(issuers.update(vault(call), call.pathParam("issuer"),
                                call.body(Pki.UpdateIssuer.class)))),
                Route.delete(ISSUER).operation("pki.issuer.delete")
                        .summary("Delete an issuer, its key, CRLs and certificate records, for good")
                        .authenticated(Permission.DELETE, named("issuers", "issuer"))
                        .handle(call -> {
                            issuers.delete(vault(call), call.pathParam("issuer"));
                            return Reply.noContent();
                        }),
                Route.post(ISSUER + "/signed").operation("pki.issuer.signed")
                        .summary("Set a pending intermediate's signed certificate; it becomes active")
                        .authenticated(Permission.UPDATE, named("issuers", "issuer")).body(Pki.SetSigned.class)
                        .response(Pki.Issuer.class)
                        .handle(call -> Reply.ok(issuers.setSigned(vault(call), call.pathParam("issuer"),
                                call.body(Pki.SetSigned.class)))),
                Route.post(ISSUER + "/sign-intermediate").operation("pki.issuer.sign_intermediate")
                        .summary("Sign another CA's CSR with this issuer (a CA certificate; its key stays with it)")
                        .authenticated(Permission.USE, named("issuers", "issuer")).body(Pki.SignIntermediate.class)
                        .response(Pki.Issued.class)
                        .handle(call -> Reply.ok(issuers.signIntermediate(vault(call), call.pathParam("issuer"),
                                call.body(Pki.SignIntermediate.class)))),
                Route.get(ISSUER + "/export").operation("pki.issuer.export")
                        .summary("Export the key of an issuer created exportable")
                        .authenticated(Permission.READ, named("issuers", "issuer")).response(Pki.IssuerKey.class)
                        .handle(call -> Reply.ok(issuers.export(vault(call), call.pathParam("issuer")))));
    }
}
