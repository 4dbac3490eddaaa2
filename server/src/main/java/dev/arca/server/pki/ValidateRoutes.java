package dev.arca.server.pki;

import static dev.arca.server.pki.PkiResources.area;
import static dev.arca.server.pki.PkiResources.vault;

import dev.arca.api.Pki;
import dev.arca.server.identity.Permission;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.util.List;

/** {@code POST …/pki/validate}, authorized as {@code read} on {@code _pki/validate}; it changes nothing. */
final class ValidateRoutes {
    private ValidateRoutes() {}

    static List<Route> routes(CertificateValidator validator) {
        return List.of(Route.post("/v1/vaults/{vault}/pki/validate").operation("pki.validate")
                .summary("Validate a certificate against its chain and the vault's issuers: trust, validity, "
                        + "purpose, host name and revocation, every problem with what to do about it")
                .authenticated(Permission.READ, area("validate")).readingOnly()
                .body(Pki.Validate.class).response(Pki.Validation.class)
                .handle(call -> Reply.ok(validator.validate(vault(call), call.body(Pki.Validate.class)))));
    }
}
