package dev.arca.server.frontend.acme;

import dev.arca.api.Acme;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A vault's ACME server settings as stored ({@code acme_config}); {@link #DEFAULTS} until a first write.
 *
 * @param maxTtl at most {@link #MAX_TTL}
 */
record AcmeConfig(boolean enabled, String eabPolicy, @Nullable String defaultRole, @Nullable String defaultIssuer,
        List<String> allowedRoles, Duration maxTtl) {
    static final Duration MAX_TTL = Duration.ofDays(90);
    static final List<String> EAB_POLICIES = List.of(Acme.EAB_NOT_REQUIRED, Acme.EAB_NEW_ACCOUNT_REQUIRED,
            Acme.EAB_ALWAYS_REQUIRED);
    static final AcmeConfig DEFAULTS = new AcmeConfig(false, Acme.EAB_NOT_REQUIRED, null, null, List.of(), MAX_TTL);

    AcmeConfig {
        allowedRoles = List.copyOf(allowedRoles);
    }

    boolean eabRequiredForNewAccount() {
        return !Acme.EAB_NOT_REQUIRED.equals(eabPolicy);
    }

    boolean eabRequiredForOrders() {
        return Acme.EAB_ALWAYS_REQUIRED.equals(eabPolicy);
    }

    /** Whether {@code role} has a directory: every role when the list is empty. */
    boolean allowsRole(String role) {
        return allowedRoles.isEmpty() || allowedRoles.contains(role);
    }
}
