package dev.arca.server.pki;

import static dev.arca.server.pki.PkiResources.named;
import static dev.arca.server.pki.PkiResources.vault;

import dev.arca.api.Pki;
import dev.arca.server.identity.Permission;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.util.List;

/**
 * Issue and sign against a role ({@code …/pki/issue/{role}}, {@code …/pki/sign/{role}}), authorized with
 * {@code create} on {@code _pki/issue/{role}} and {@code _pki/sign/{role}}. Each audit entry carries the serial
 * number issued ({@code pki.serial}); never the key. The key and the signature are made before the request's write
 * transaction opens, so concurrent issuance signs in parallel; only the certificate's row is written inside it.
 */
final class IssueRoutes {
    private static final String PKI = "/v1/vaults/{vault}/pki";
    static final String AUDIT_SERIAL = "pki.serial";

    private IssueRoutes() {}

    static List<Route> routes(IssueService issuance) {
        return List.of(
                Route.post(PKI + "/issue/{role}").operation("pki.issue")
                        .summary("Issue a certificate against a role, with a key made in the vault (answered once)")
                        .authenticated(Permission.CREATE, named("issue", "role")).body(Pki.Issue.class)
                        .response(Pki.Issued.class)
                        .prepareThenHandle(call -> recorded(issuance.issue(vault(call), call.pathParam("role"),
                                call.body(Pki.Issue.class), call.caller().subject()))),
                Route.post(PKI + "/sign/{role}").operation("pki.sign")
                        .summary("Sign a CSR against a role; the key stays with the caller")
                        .authenticated(Permission.CREATE, named("sign", "role")).body(Pki.Sign.class)
                        .response(Pki.Issued.class)
                        .prepareThenHandle(call -> recorded(issuance.sign(vault(call), call.pathParam("role"),
                                call.body(Pki.Sign.class), call.caller().subject()))));
    }

    /** Inside the request's transaction: the certificate's record, and the serial on the audit entry. */
    private static Route.Handler recorded(IssueService.Certified certified) {
        return call -> {
            Pki.Issued issued = certified.record();
            call.audit(AUDIT_SERIAL, issued.serialNumber());
            return Reply.ok(issued);
        };
    }
}
