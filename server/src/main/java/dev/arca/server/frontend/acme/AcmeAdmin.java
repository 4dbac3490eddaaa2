package dev.arca.server.frontend.acme;

import dev.arca.api.Acme;
import dev.arca.api.Durations;
import dev.arca.api.Page;
import dev.arca.server.error.ArcaException;
import dev.arca.server.pki.ValidatedNameSigning;
import dev.arca.server.route.Call;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The admin side of a vault's ACME server ({@code GET/PUT …/pki/config/acme}, {@code …/pki/eab}): settings checked
 * before they are stored (max TTL at most 90 days, a known EAB policy, roles and issuer the vault has) and EAB keys
 * made, listed without their key, and deleted.
 */
final class AcmeAdmin {
    private final AcmeConfigStore configs;
    private final EabKeys eab;
    private final ValidatedNameSigning signing;
    private final boolean tls;
    private final Clock clock;

    AcmeAdmin(AcmeConfigStore configs, EabKeys eab, ValidatedNameSigning signing, boolean tls, Clock clock) {
        this.configs = configs;
        this.eab = eab;
        this.signing = signing;
        this.tls = tls;
        this.clock = clock;
    }

    Acme.ServerConfig read(Call call) {
        String vault = call.pathParam("vault");
        return view(call, vault, configs.find(signing.vaultId(vault)));
    }

    Acme.ServerConfig write(Call call, Acme.ServerConfigWrite write) {
        String vault = call.pathParam("vault");
        String vaultId = signing.vaultId(vault);
        AcmeConfig old = configs.find(vaultId);
        String policy = write.eabPolicy() == null ? old.eabPolicy() : write.eabPolicy();
        if (!AcmeConfig.EAB_POLICIES.contains(policy)) {
            throw ArcaException.invalid("eab_policy", "eab_policy is one of " + AcmeConfig.EAB_POLICIES);
        }
        Duration maxTtl = write.maxTtl() == null ? old.maxTtl() : maxTtl(write.maxTtl());
        String defaultRole = write.defaultRole() == null ? old.defaultRole() : blankToNull(write.defaultRole());
        String defaultIssuer = write.defaultIssuer() == null ? old.defaultIssuer()
                : blankToNull(write.defaultIssuer());
        List<String> allowedRoles = write.allowedRoles() == null ? old.allowedRoles() : write.allowedRoles();
        if (defaultRole != null) {
            requireRole(vaultId, defaultRole, "default_role");
        }
        allowedRoles.forEach(role -> requireRole(vaultId, role, "allowed_roles"));
        if (defaultIssuer != null) {
            try {
                var _ = signing.signingIssuerId(vaultId, defaultIssuer);
            } catch (ArcaException e) {
                throw ArcaException.invalid("default_issuer", "default_issuer " + defaultIssuer + " cannot sign: "
                        + e.getMessage());
            }
        }
        var config = new AcmeConfig(write.enabled() == null ? old.enabled() : write.enabled(), policy, defaultRole,
                defaultIssuer, allowedRoles, maxTtl);
        configs.put(vaultId, config, clock.instant());
        return view(call, vault, config);
    }

    Acme.EabKey createEab(Call call, Acme.EabCreate request) {
        call.audit("acme.eab", "create");
        return eab.create(signing.vaultId(call.pathParam("vault")), request, call.caller().subject());
    }

    Page<Acme.EabKey> listEab(Call call) {
        return new Page<>(eab.list(signing.vaultId(call.pathParam("vault"))), false, null);
    }

    void deleteEab(Call call) {
        eab.delete(signing.vaultId(call.pathParam("vault")), call.pathParam("id"));
    }

    private void requireRole(String vaultId, String role, String field) {
        if (!signing.roleExists(vaultId, role)) {
            throw ArcaException.invalid(field, "the vault's PKI engine has no role " + role);
        }
    }

    private static Duration maxTtl(String text) {
        Duration ttl;
        try {
            ttl = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw ArcaException.invalid("max_ttl", "max_ttl: " + e.getMessage());
        }
        if (ttl.compareTo(AcmeConfig.MAX_TTL) > 0 || ttl.compareTo(Duration.ofMinutes(1)) < 0) {
            throw ArcaException.invalid("max_ttl", "max_ttl is 1m to 90d; got " + text);
        }
        return ttl;
    }

    private static @Nullable String blankToNull(String text) {
        return text.isBlank() ? null : text;
    }

    private Acme.ServerConfig view(Call call, String vault, AcmeConfig config) {
        String origin = call.header("host").map(host -> AcmeUrls.origin(tls, host)).orElse("");
        return new Acme.ServerConfig(config.enabled(), config.eabPolicy(), config.defaultRole(),
                config.defaultIssuer(), config.allowedRoles(), Durations.format(config.maxTtl()),
                origin + "/v1/vaults/" + vault + "/pki/acme/directory");
    }
}
