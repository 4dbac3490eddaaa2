package dev.arca.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An enrollment token's settings and use count, never the token itself: {@code GET
 * /v1/vaults/{vault}/enrollment-tokens}. A machine presents the token once, to {@code POST /v1/enroll}; the
 * token reads nothing by itself.
 *
 * @param machineTtl lifetime of each ephemeral machine ({@code 1h}); null for persistent machines
 * @param maxUses how many machines may enroll with it; null = unlimited
 * @param cidrs the addresses an enrollment may come from; empty = anywhere (the vault's allowlist still applies)
 * @param hostnamePattern a glob ({@code web-*.example.com}) the enrolling host name must match; null = any
 * @param namePattern the machine name to give ({@code ci-{uuid8}}); null = the asked name or
 *     {@code machine-{uuid8}}
 * @param projects projects whose every secret the machines may read ({@code P/**})
 * @param secrets single secret paths the machines may read
 * @param autoApprove whether persistent machines are active at once instead of {@code pending}
 * @param revokedAt when it was revoked; null while usable
 */
public record EnrollmentToken(String id, String vaultId, boolean ephemeral, @Nullable String machineTtl,
        @Nullable Integer maxUses, List<String> cidrs, @Nullable String hostnamePattern, @Nullable String namePattern,
        List<String> projects, List<String> secrets, boolean autoApprove, int uses, Instant createdAt,
        Instant expiresAt,
        @Nullable Instant revokedAt) {
    public EnrollmentToken {
        cidrs = List.copyOf(cidrs);
        projects = List.copyOf(projects);
        secrets = List.copyOf(secrets);
    }

    /**
     * {@code POST /v1/vaults/{vault}/enrollment-tokens}. Every field is optional.
     *
     * @param machineTtl for ephemeral machines, their lifetime (default {@code 1h})
     * @param expires how long the token itself may be used (default {@code 30d})
     */
    public record Create(@Nullable Boolean ephemeral, String machineTtl, Integer maxUses, String expires,
            List<String> cidrs, String hostnamePattern, String namePattern, List<String> projects, List<String> secrets,
            @Nullable Boolean autoApprove) {}

    /** The answer to {@link Create}: the token ({@code arcae_…}), shown this once, and its settings. */
    public record Created(String id, SecretText token, String vaultId, boolean ephemeral, @Nullable String machineTtl,
            @Nullable Integer maxUses, List<String> cidrs, @Nullable String hostnamePattern,
            @Nullable String namePattern, List<String> projects,
            List<String> secrets, boolean autoApprove, int uses, Instant createdAt, Instant expiresAt) {
        public Created {
            cidrs = List.copyOf(cidrs);
            projects = List.copyOf(projects);
            secrets = List.copyOf(secrets);
        }

        /** The answer for a token just made, with the settings it was stored with. */
        public static Created of(SecretText token, EnrollmentToken settings) {
            return new Created(settings.id(), token, settings.vaultId(), settings.ephemeral(), settings.machineTtl(),
                    settings.maxUses(), settings.cidrs(), settings.hostnamePattern(), settings.namePattern(),
                    settings.projects(), settings.secrets(), settings.autoApprove(), settings.uses(),
                    settings.createdAt(), settings.expiresAt());
        }
    }
}
