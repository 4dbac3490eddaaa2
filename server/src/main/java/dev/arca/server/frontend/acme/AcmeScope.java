package dev.arca.server.frontend.acme;

import dev.arca.server.route.Call;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which of a vault's ACME directories a request came through: the default one ({@code …/pki/acme}, the config's
 * default role and issuer), a role's, an issuer's, or an issuer's with a role. Each route template of the door is
 * one of these.
 */
enum AcmeScope {
    DEFAULT("/v1/vaults/{vault}/pki/acme", false, false),
    ROLE("/v1/vaults/{vault}/pki/roles/{role}/acme", true, false),
    ISSUER("/v1/vaults/{vault}/pki/issuers/{issuer}/acme", false, true),
    ISSUER_ROLE("/v1/vaults/{vault}/pki/issuers/{issuer}/roles/{role}/acme", true, true);

    static final List<AcmeScope> ALL = List.of(values());

    private final String template;
    private final boolean namesRole;
    private final boolean namesIssuer;

    AcmeScope(String template, boolean namesRole, boolean namesIssuer) {
        this.template = template;
        this.namesRole = namesRole;
        this.namesIssuer = namesIssuer;
    }

    /** The route path prefix, with {@code {vault}} (and {@code {role}}, {@code {issuer}}) parameters. */
    String template() {
        return template;
    }

    /** The role the path names, or null for a scope that names none. */
    @Nullable String role(Call call) {
        return namesRole ? call.pathParam("role") : null;
    }

    @Nullable String issuer(Call call) {
        return namesIssuer ? call.pathParam("issuer") : null;
    }

    /** The directory's path of this request: the template filled in. */
    String path(Call call) {
        String path = "/v1/vaults/" + call.pathParam("vault") + "/pki";
        if (namesIssuer) {
            path += "/issuers/" + call.pathParam("issuer");
        }
        if (namesRole) {
            path += "/roles/" + call.pathParam("role");
        }
        return path + "/acme";
    }

    /** A short name for operation names: {@code acme.role.new-order}. */
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
