package dev.arca.server.pki;

import static dev.arca.server.pki.PkiResources.area;
import static dev.arca.server.pki.PkiResources.vault;

import dev.arca.api.Pki;
import dev.arca.server.identity.Permission;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.util.List;
import org.bouncycastle.util.encoders.Base64;

/**
 * The CRL routes: the latest full and delta CRL of the default issuer or a named one, DER or PEM, without a token
 * and also while sealed (from {@code pki_crls}); the CRL settings and a rotation on request, authorized on
 * {@code _pki/config}.
 */
final class CrlRoutes {
    private static final String PKI = "/v1/vaults/{vault}/pki";
    static final String DER = "application/pkix-crl";
    static final String PEM = "application/x-pem-file";

    private CrlRoutes() {}

    static List<Route> routes(IssuerService issuers, CrlService crls) {
        var routes = new java.util.ArrayList<Route>();
        for (boolean named : new boolean[] {false, true}) {
            String base = named ? IssuerRoutes.ISSUER + "/crl" : PKI + "/crl";
            String operation = named ? "pki.issuer.crl" : "pki.crl";
            routes.add(crl(base, operation + ".der", false, false, named, issuers, crls));
            routes.add(crl(base + "/pem", operation + ".pem", false, true, named, issuers, crls));
            routes.add(crl(base + "/delta", operation + ".delta.der", true, false, named, issuers, crls));
            routes.add(crl(base + "/delta/pem", operation + ".delta.pem", true, true, named, issuers, crls));
        }
        routes.add(Route.get(PKI + "/config/crl").operation("pki.config.crl.read")
                .summary("How the vault's CRLs are built: expiry, delta interval, disabled")
                .authenticated(Permission.READ, area("config")).response(Pki.CrlConfig.class)
                .handle(call -> Reply.ok(crls.config(vault(call)))));
        routes.add(Route.put(PKI + "/config/crl").operation("pki.config.crl.write")
                .summary("Change how the vault's CRLs are built; a part left out keeps its value")
                .authenticated(Permission.UPDATE, area("config")).body(Pki.CrlConfigWrite.class)
                .response(Pki.CrlConfig.class)
                .handle(call -> Reply.ok(crls.configure(vault(call), call.body(Pki.CrlConfigWrite.class)))));
        routes.add(Route.post(PKI + "/crl/rotate").operation("pki.crl.rotate")
                .summary("Build the full CRL (and its delta) of every issuer of the vault now")
                .authenticated(Permission.UPDATE, area("config")).response(List.class)
                .handle(call -> Reply.ok(crls.rotate(vault(call)))));
        return routes;
    }

    private static Route crl(String path, String operation, boolean delta, boolean pem, boolean named,
            IssuerService issuers, CrlService crls) {
        return Route.get(path).operation(operation)
                .summary("The issuer's latest " + (delta ? "delta" : "full") + " CRL, " + (pem ? "PEM" : "DER")
                        + "; no token needed, served sealed once built")
                .sealedOk()
                .handle(call -> {
                    byte[] der = crls.served(CaRoutes.active(issuers, call, named), delta);
                    return pem ? Reply.text(200, pem(der), PEM) : Reply.bytes(200, der, DER);
                });
    }

    /** PEM as OpenSSL writes a CRL: base64 in lines of 64 between the X509 CRL armour. */
    static String pem(byte[] der) {
        String base64 = Base64.toBase64String(der);
        var out = new StringBuilder("-----BEGIN X509 CRL-----\n");
        for (int i = 0; i < base64.length(); i += 64) {
            out.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
        }
        return out.append("-----END X509 CRL-----\n").toString();
    }
}
