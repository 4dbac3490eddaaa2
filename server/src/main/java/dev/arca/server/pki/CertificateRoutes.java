package dev.arca.server.pki;

import static dev.arca.server.pki.PkiResources.area;
import static dev.arca.server.pki.PkiResources.vault;

import dev.arca.api.Page;
import dev.arca.api.Pki;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.util.List;

/**
 * The certificate routes: listing and reading stored certificates ({@code _pki/certs}), revoking one
 * ({@code update} on {@code _pki/certs/{serial}}, the serial read from the body, or from the certificate it
 * presents), and tidy ({@code update} on {@code _pki/config}).
 */
final class CertificateRoutes {
    private static final String PKI = "/v1/vaults/{vault}/pki";

    private CertificateRoutes() {}

    static List<Route> routes(CertificateService certificates, RevocationService revocations, CertificateTidy tidy) {
        return List.of(
                Route.get(PKI + "/certs").operation("pki.cert.list")
                        .summary("List the vault's stored certificates and revocation entries (?revoked=true)")
                        .authenticated(Permission.LIST, area("certs")).query(CertificateService.ListQuery.class)
                        .response(Page.class)
                        .handle(call -> Reply.ok(certificates.list(vault(call),
                                call.query(CertificateService.ListQuery.class)))),
                Route.get(PKI + "/certs/{serial}").operation("pki.cert.read")
                        .summary("Read a stored certificate by serial (colon or plain hex)")
                        .authenticated(Permission.READ, CertificateRoutes::serialInPath)
                        .response(Pki.Certificate.class)
                        .handle(call -> Reply.ok(certificates.get(vault(call), call.pathParam("serial")))),
                Route.post(PKI + "/revoke").operation("pki.cert.revoke")
                        .summary("Revoke a certificate by serial or by presenting it; idempotent")
                        .authenticated(Permission.UPDATE, CertificateRoutes::serialInBody)
                        .body(Pki.Revoke.class).response(Pki.Revoked.class)
                        .handle(call -> Reply.ok(revocations.revoke(vault(call), call.body(Pki.Revoke.class)))),
                Route.post(PKI + "/tidy").operation("pki.tidy")
                        .summary("Remove certificates and revocation entries expired longer than a safety buffer")
                        .authenticated(Permission.UPDATE, area("config")).body(Pki.Tidy.class)
                        .response(Pki.Tidied.class)
                        .handle(call -> Reply.ok(tidy.tidy(vault(call), call.optionalBody(Pki.Tidy.class)
                                .orElse(new Pki.Tidy(null, null, null))))));
    }

    /** {@code _pki/certs/{serial}}, the serial in its stored form, so a policy need not care how it was spelt. */
    private static Resource serialInPath(Call call) {
        return certs(call, Serials.normalize(call.pathParam("serial"), "serial"));
    }

    private static Resource serialInBody(Call call) {
        return certs(call, RevocationService.serialOf(call.body(Pki.Revoke.class)));
    }

    private static Resource certs(Call call, String serial) {
        return Resource.inVault(vault(call), PkiResources.ROOT + "certs/" + serial);
    }
}
