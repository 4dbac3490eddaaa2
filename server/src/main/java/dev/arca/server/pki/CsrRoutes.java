package dev.arca.server.pki;

import static dev.arca.server.pki.PkiResources.area;
import static dev.arca.server.pki.PkiResources.named;
import static dev.arca.server.pki.PkiResources.vault;

import dev.arca.api.Page;
import dev.arca.api.Pki;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Requirement;
import dev.arca.server.route.Route;
import java.util.List;
import java.util.Optional;

/**
 * The CSR routes ({@code …/pki/csrs…}), authorized on {@code _pki/csrs/{id}}; approving and rejecting need
 * {@code pki:approve} there, and signing needs {@code use} on the issuer the body names ({@code _pki/issuers/{name}},
 * the default issuer's name when it names none), as {@code sign-intermediate} does.
 */
final class CsrRoutes {
    static final String CSRS = "/v1/vaults/{vault}/pki/csrs";
    static final String CSR = CSRS + "/{id}";

    /** {@code GET …/csrs?state=&limit=&cursor=}. */
    record ListQuery(Optional<String> state, Optional<Integer> limit, Optional<String> cursor) {}

    private CsrRoutes() {}

    static List<Route> routes(CsrService csrs) {
        Requirement useTheIssuer = Requirement.permission(Permission.USE, call -> issuerResource(csrs, call));
        return List.of(
                Route.post(CSRS + "/generate").operation("pki.csr.generate")
                        .summary("Generate a key in the vault and a CSR for it (approved at once)")
                        .authenticated(Permission.CREATE, area("csrs"))
                        .body(Pki.GenerateCsr.class).response(Pki.Csr.class)
                        .handle(call -> Reply.created(csrs.generate(vault(call), call.body(Pki.GenerateCsr.class),
                                call.caller()))),
                Route.post(CSRS).operation("pki.csr.import")
                        .summary("Import an outside CSR; it waits, pending, for someone else to approve it")
                        .authenticated(Permission.CREATE, area("csrs"))
                        .body(Pki.ImportCsr.class).response(Pki.Csr.class)
                        .handle(call -> Reply.created(csrs.importCsr(vault(call), call.body(Pki.ImportCsr.class),
                                call.caller()))),
                Route.get(CSRS).operation("pki.csr.list")
                        .summary("List the vault's CSRs (?state=pending|approved|rejected|signed&limit=&cursor=)")
                        .authenticated(Permission.LIST, area("csrs")).query(ListQuery.class).response(Page.class)
                        .handle(call -> {
                            ListQuery query = call.query(ListQuery.class);
                            return Reply.ok(csrs.list(vault(call), query.state().orElse(null),
                                    new dev.arca.server.storage.Paging.Query(query.limit(), query.cursor())));
                        }),
                Route.get(CSR).operation("pki.csr.read").summary("Describe a CSR and where it stands")
                        .authenticated(Permission.READ, named("csrs", "id")).response(Pki.Csr.class)
                        .handle(call -> Reply.ok(csrs.get(vault(call), call.pathParam("id")))),
                Route.post(CSR + "/approve").operation("pki.csr.approve")
                        .summary("Approve a pending CSR (pki:approve; never one's own import)")
                        .authenticated(Permission.PKI_APPROVE, named("csrs", "id"))
                        .body(Pki.Decision.class).response(Pki.Csr.class)
                        .handle(call -> Reply.ok(csrs.approve(vault(call), call.pathParam("id"),
                                call.optionalBody(Pki.Decision.class).orElse(null), call.caller()))),
                Route.post(CSR + "/reject").operation("pki.csr.reject")
                        .summary("Reject a pending CSR (pki:approve; never one's own import); it is never signed")
                        .authenticated(Permission.PKI_APPROVE, named("csrs", "id"))
                        .body(Pki.Decision.class).response(Pki.Csr.class)
                        .handle(call -> Reply.ok(csrs.reject(vault(call), call.pathParam("id"),
                                call.optionalBody(Pki.Decision.class).orElse(null), call.caller()))),
                Route.post(CSR + "/sign").operation("pki.csr.sign")
                        .summary("Sign an approved CSR with an issuer (use on the issuer), once")
                        .authenticated(useTheIssuer).body(Pki.SignCsr.class).response(Pki.Issued.class)
                        .handle(call -> Reply.ok(csrs.sign(vault(call), call.pathParam("id"),
                                call.optionalBody(Pki.SignCsr.class).orElse(null)))),
                Route.get(CSR + "/key").operation("pki.csr.key")
                        .summary("Export the key of a CSR generated exportable (read on _pki/csrs/{id}/key)")
                        .authenticated(Permission.READ, call -> Resource.inVault(vault(call),
                                PkiResources.ROOT + "csrs/" + call.pathParam("id") + "/key"))
                        .response(Pki.CsrKey.class)
                        .handle(call -> Reply.ok(csrs.key(vault(call), call.pathParam("id")))));
    }

    /** {@code _pki/issuers/{name}} of the issuer a sign call's body names, by name even when given by id. */
    private static Resource issuerResource(CsrService csrs, Call call) {
        String ref = call.optionalBody(Pki.SignCsr.class).map(Pki.SignCsr::issuer).orElse(null);
        return Resource.inVault(vault(call), PkiResources.ROOT + "issuers/" + csrs.issuerResourceName(vault(call), ref));
    }
}
