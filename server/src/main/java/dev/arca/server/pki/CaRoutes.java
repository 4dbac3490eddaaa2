package dev.arca.server.pki;

import dev.arca.server.error.ArcaException;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.security.cert.CertificateEncodingException;
import java.util.List;

/**
 * The CA certificates without authentication, as OpenBao serves {@code pki/ca}: DER, PEM and the PEM chain of the
 * default issuer or a named one. They are public by nature and read only stored rows, so they are served sealed.
 */
final class CaRoutes {
    private static final String PKI = "/v1/vaults/{vault}/pki";
    static final String DER = "application/pkix-cert";
    static final String PEM = "application/x-pem-file";

    private CaRoutes() {}

    static List<Route> routes(IssuerService issuers) {
        return List.of(
                ca(PKI + "/ca", "pki.ca.der", false, false, issuers),
                ca(PKI + "/ca/pem", "pki.ca.pem", true, false, issuers),
                chain(PKI + "/ca_chain", "pki.ca.chain", false, issuers),
                ca(IssuerRoutes.ISSUER + "/ca", "pki.issuer.ca.der", false, true, issuers),
                ca(IssuerRoutes.ISSUER + "/ca/pem", "pki.issuer.ca.pem", true, true, issuers),
                chain(IssuerRoutes.ISSUER + "/ca_chain", "pki.issuer.ca.chain", true, issuers));
    }

    private static Route ca(String path, String operation, boolean pem, boolean named, IssuerService issuers) {
        return Route.get(path).operation(operation)
                .summary("The issuer's CA certificate, " + (pem ? "PEM" : "DER") + "; no token needed")
                .sealedOk()
                .handle(call -> {
                    IssuerRow row = active(issuers, call, named);
                    try {
                        return pem ? Reply.text(200, Pem.encode(row.x509()), PEM)
                                : Reply.bytes(200, row.x509().getEncoded(), DER);
                    } catch (CertificateEncodingException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    private static Route chain(String path, String operation, boolean named, IssuerService issuers) {
        return Route.get(path).operation(operation)
                .summary("The issuer's certificate then its parents' up to the root, PEM; no token needed")
                .sealedOk()
                .handle(call -> Reply.text(200, Pem.encode(active(issuers, call, named).chain()), PEM));
    }

    /** The issuer a public route names ({@code named}: its {@code {issuer}} parameter; else the default). */
    static IssuerRow active(IssuerService issuers, Call call, boolean named) {
        IssuerRow row = issuers.row(issuers.vaultId(call.pathParam("vault")),
                named ? call.pathParam("issuer") : null);
        if (!row.active()) {
            throw ArcaException.notFound("issuer " + row.name() + " is pending: it has no certificate yet");
        }
        return row;
    }
}
