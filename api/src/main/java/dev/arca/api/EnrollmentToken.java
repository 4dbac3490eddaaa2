package dev.arca.api;

import java.time.Duration;
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
     * {@code POST /v1/vaults/{vault}/enrollment-tokens}. Every field is optional; {@link #builder()} sets only the
     * ones wanted, with durations as {@link Duration}s.
     *
     * @param machineTtl for ephemeral machines, their lifetime (default {@code 1h})
     * @param expires how long the token itself may be used (default {@code 30d})
     */
    public record Create(@Nullable Boolean ephemeral, @Nullable String machineTtl, @Nullable Integer maxUses,
            @Nullable String expires, @Nullable List<String> cidrs, @Nullable String hostnamePattern,
            @Nullable String namePattern, @Nullable List<String> projects, @Nullable List<String> secrets,
            @Nullable Boolean autoApprove) {
        /** A token with the server's defaults: persistent machines, pending approval, usable for 30 days. */
        public static Builder builder() {
            return new Builder();
        }

        /** Builds a {@link Create}; what is not set is left to the server's default. */
        public static final class Builder {
            private @Nullable Boolean ephemeral;
            private @Nullable Duration machineTtl;
            private @Nullable Integer maxUses;
            private @Nullable Duration expires;
            private @Nullable List<String> cidrs;
            private @Nullable String hostnamePattern;
            private @Nullable String namePattern;
            private @Nullable List<String> projects;
            private @Nullable List<String> secrets;
            private @Nullable Boolean autoApprove;

            private Builder() {}

            /** Machines that expire after {@code machineTtl} and need no approval. */
            public Builder ephemeral(Duration machineTtl) {
                this.ephemeral = true;
                this.machineTtl = machineTtl;
                return this;
            }

            /** Ephemeral machines with the server's default lifetime ({@code 1h}). */
            public Builder ephemeral() {
                this.ephemeral = true;
                return this;
            }

            /** How many machines may enroll with the token (at least 1); unset = unlimited. */
            public Builder maxUses(int maxUses) {
                this.maxUses = maxUses;
                return this;
            }

            /** How long the token itself may be used (default 30 days). */
            public Builder expiresIn(Duration expires) {
                this.expires = expires;
                return this;
            }

            /** The CIDR ranges an enrollment may come from. */
            public Builder cidrs(List<String> cidrs) {
                this.cidrs = List.copyOf(cidrs);
                return this;
            }

            /** A glob ({@code web-*.example.com}) the enrolling host name must match. */
            public Builder hostnamePattern(String hostnamePattern) {
                this.hostnamePattern = hostnamePattern;
                return this;
            }

            /** The name to give the machines ({@code ci-{uuid8}}). */
            public Builder namePattern(String namePattern) {
                this.namePattern = namePattern;
                return this;
            }

            /** Projects whose every secret the machines may read. */
            public Builder projects(List<String> projects) {
                this.projects = List.copyOf(projects);
                return this;
            }

            /** Single secret paths the machines may read. */
            public Builder secrets(List<String> secrets) {
                this.secrets = List.copyOf(secrets);
                return this;
            }

            /** Persistent machines active at once instead of {@code pending}. */
            public Builder autoApprove(boolean autoApprove) {
                this.autoApprove = autoApprove;
                return this;
            }

            /** The request; a machine lifetime comes only with {@link #ephemeral(Duration)}, so never without it. */
            public Create build() {
                return new Create(ephemeral, machineTtl == null ? null : Durations.format(machineTtl), maxUses,
                        expires == null ? null : Durations.format(expires), cidrs, hostnamePattern, namePattern,
                        projects, secrets, autoApprove);
            }
        }
    }

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
