package dev.arca.server.frontend.acme;

import dev.arca.server.error.ArcaException;
import dev.arca.server.pki.ValidatedNameSigning;
import dev.arca.server.route.Call;
import org.jspecify.annotations.Nullable;

/**
 * The directory one request came through, resolved: its vault, the vault's ACME settings, its URLs, and the role
 * and issuer its orders are signed under (the path's, else the settings' defaults; no role: any validated name).
 *
 * @param vault the vault as the path names it
 */
record AcmeDirectory(String vault, String vaultId, AcmeConfig config, AcmeUrls urls, @Nullable String role,
        @Nullable String issuerRef) {

    /** Resolves the request's directory; refuses a vault without ACME, a role without a directory, an unknown issuer. */
    static AcmeDirectory of(Call call, AcmeScope scope, boolean tls, AcmeConfigStore configs,
            ValidatedNameSigning signing) {
        String vault = call.pathParam("vault");
        String vaultId;
        try {
            vaultId = signing.vaultId(vault);
        } catch (ArcaException e) {
            throw AcmeProblem.notFound("no vault " + vault);
        }
        AcmeConfig config = configs.find(vaultId);
        if (!config.enabled()) {
            throw AcmeProblem.of("serverInternal", 503, "ACME is not enabled for vault " + vault + "; enable it "
                    + "with `arca pki acme enable`");
        }
        String host = call.header("host").orElseThrow(() -> AcmeProblem.malformed("the request has no Host header"));
        var urls = new AcmeUrls(AcmeUrls.origin(tls, host) + scope.path(call));
        String role = scope.role(call);
        String issuer = scope.issuer(call);
        if (role != null && (!config.allowsRole(role) || !signing.roleExists(vaultId, role))) {
            throw AcmeProblem.notFound("role " + role + " has no ACME directory in vault " + vault);
        }
        if (issuer != null) {
            try {
                var _ = signing.signingIssuerId(vaultId, issuer);
            } catch (ArcaException e) {
                throw AcmeProblem.notFound("issuer " + issuer + " has no ACME directory in vault " + vault + ": "
                        + e.getMessage());
            }
        }
        // a role's directory signs with the role's issuer (or the vault's default), as the role says
        String issuerRef = issuer != null ? issuer : role != null ? null : config.defaultIssuer();
        return new AcmeDirectory(vault, vaultId, config, urls, role != null ? role : config.defaultRole(), issuerRef);
    }
}
