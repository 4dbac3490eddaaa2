package dev.arca.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A named list of access rules in one vault: {@code GET /v1/vaults/{vault}/policies/{name}}. The server answers
 * with its rules normalised (effect always present, permissions in a fixed order, CIDR ranges in canonical form,
 * times as ISO-8601 instants, empty conditions left out).
 *
 * <p>Permissions and effects travel as strings ({@link Rule#permissions()}, {@link Rule#effect()}); the typed view is
 * {@link Permission} and {@link Effect} ({@link Rule#typedPermissions()}, {@link Rule#allow(String, Permission...)}).
 * Strings on the wire keep a newer server's permission readable by an older SDK (it shows as
 * {@link Permission#UNKNOWN}), and let a bad name a caller sends reach the server, whose 400 names the rule part
 * ({@code rules[0].permissions}) rather than failing in JSON binding.
 *
 * @param id {@code pol_…}, given when the policy is created and kept when its rules are replaced; the bindings
 *     route takes it where it takes the name
 * @param name lower case {@code [a-z0-9][a-z0-9_-]{0,63}}
 * @param description what the policy is for, at most {@value #MAX_DESCRIPTION} characters; null = none
 */
public record Policy(String id, String name, @Nullable String description, String vaultId, List<Rule> rules,
        Instant createdAt, Instant updatedAt) {
    /** The longest description, in characters. */
    public static final int MAX_DESCRIPTION = 256;

    public Policy {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /**
     * A permission a rule grants, as the client sees it. The server's list is authoritative: a name this SDK does
     * not know (a newer server's) reads as {@link #UNKNOWN}, which is never sent.
     */
    public enum Permission {
        READ, LIST, CREATE, UPDATE, DELETE, ROTATE, USE, USE_HEADER, EGRESS, LEASE, PKI_APPROVE, ADMIN,
        /** A permission this SDK does not know. */
        UNKNOWN;

        /** The name on the wire: {@code read}, …, {@code use:header}. */
        public String wire() {
            if (this == UNKNOWN) {
                throw new IllegalStateException("UNKNOWN stands for a permission this SDK does not know and has no "
                        + "wire name");
            }
            return name().toLowerCase(Locale.ROOT).replace('_', ':');
        }

        /** The permission of a wire name; {@link #UNKNOWN} for one this SDK does not know (or none). */
        public static Permission fromWire(@Nullable String wire) {
            for (Permission permission : values()) {
                if (permission != UNKNOWN && permission.wire().equals(wire)) {
                    return permission;
                }
            }
            return UNKNOWN;
        }
    }

    /** Whether a matching rule allows or denies; a matching deny wins over every allow. */
    public enum Effect {
        ALLOW, DENY,
        /** An effect this SDK does not know (a newer server's); never sent. */
        UNKNOWN;

        /** {@code allow} or {@code deny}. */
        public String wire() {
            if (this == UNKNOWN) {
                throw new IllegalStateException("UNKNOWN stands for an effect this SDK does not know and has no "
                        + "wire name");
            }
            return name().toLowerCase(Locale.ROOT);
        }

        /** The effect of a wire name: none is {@link #ALLOW} (the server's default), an unknown one {@link #UNKNOWN}. */
        public static Effect fromWire(@Nullable String wire) {
            if (wire == null || wire.equals("allow")) {
                return ALLOW;
            }
            return wire.equals("deny") ? DENY : UNKNOWN;
        }
    }

    /**
     * One rule: which paths, which permissions, allow or deny, and under which conditions it applies.
     *
     * @param path a glob: {@code *} is one whole segment, {@code **} any number of segments (zero included), a
     *     segment ending in {@code *} matches by prefix ({@code web-*})
     * @param permissions any of {@code read list create update delete rotate use use:header egress lease admin}
     * @param effect {@code allow} (the default) or {@code deny}; a matching deny wins over every allow
     * @param conditions all must hold for the rule to apply; null = always
     */
    public record Rule(String path, List<String> permissions, String effect, @Nullable Conditions conditions) {
        public Rule {
            permissions = copyKeepingNulls(permissions);
        }

        /** A rule allowing {@code permissions} on {@code path}, always. */
        public static Rule allow(String path, Permission... permissions) {
            return of(path, Effect.ALLOW, Arrays.asList(permissions), null);
        }

        /** A rule denying {@code permissions} on {@code path}, always; it wins over every allow. */
        public static Rule deny(String path, Permission... permissions) {
            return of(path, Effect.DENY, Arrays.asList(permissions), null);
        }

        /**
         * A rule from typed parts.
         *
         * @throws IllegalArgumentException if no permission is given, or {@code UNKNOWN} is (it has no wire name)
         */
        public static Rule of(String path, Effect effect, Collection<Permission> permissions,
                @Nullable Conditions conditions) {
            if (permissions.isEmpty()) {
                throw new IllegalArgumentException("a rule grants at least one permission; name one, such as "
                        + "Permission.READ");
            }
            if (permissions.contains(Permission.UNKNOWN) || effect == Effect.UNKNOWN) {
                throw new IllegalArgumentException("UNKNOWN is what an unrecognised server value reads as; it "
                        + "cannot be sent. Name a permission and an effect this SDK knows");
            }
            return new Rule(path, permissions.stream().map(Permission::wire).toList(), effect.wire(), conditions);
        }

        /** The same rule applying only under {@code conditions}. */
        public Rule when(Conditions conditions) {
            return new Rule(path, permissions, effect, conditions);
        }

        /** {@link #permissions()} typed; a name this SDK does not know is {@link Permission#UNKNOWN}. */
        public Set<Permission> typedPermissions() {
            Set<Permission> typed = EnumSet.noneOf(Permission.class);
            if (permissions != null) {
                permissions.forEach(name -> typed.add(Permission.fromWire(name)));
            }
            return Collections.unmodifiableSet(typed);
        }

        /** {@link #effect()} typed: none is {@link Effect#ALLOW}. */
        public Effect typedEffect() {
            return Effect.fromWire(effect);
        }
    }

    /**
     * When a rule applies.
     *
     * @param ipRanges the caller's address must lie in one of these CIDR ranges (IPv4 or IPv6)
     * @param requireMfa the caller must have verified a second factor
     * @param notBefore ISO-8601 instant before which the rule does not apply
     * @param notAfter ISO-8601 instant after which the rule does not apply
     */
    public record Conditions(@Nullable List<String> ipRanges, @Nullable Boolean requireMfa, @Nullable String notBefore,
            @Nullable String notAfter) {
        public Conditions {
            ipRanges = copyKeepingNulls(ipRanges);
        }
    }

    /**
     * {@code PUT /v1/vaults/{vault}/policies/{name}}: creates the policy or replaces its rules.
     *
     * @param description at most {@value #MAX_DESCRIPTION} characters; null keeps the policy's description as it
     *     is (none for a new policy), {@code ""} removes it
     */
    public record Put(List<Rule> rules, @Nullable String description) {
        public Put {
            rules = copyKeepingNulls(rules);
        }

        /** The rules alone: the description stays as it is. */
        public Put(List<Rule> rules) {
            this(rules, null);
        }
    }

    /**
     * {@code POST /v1/vaults/{vault}/policies/{name-or-id}/bindings}: {@code user:alice}, {@code group:ops},
     * {@code machine:mach_…}, … ({@link #of(IdentityType, String)} builds one from its parts).
     */
    public record Binding(String subject) {
        /** The binding of an identity: {@code of(IdentityType.MACHINE, "mach_…")} is {@code machine:mach_…}. */
        public static Binding of(IdentityType type, String identity) {
            return new Binding(type.subject(identity));
        }
    }

    /**
     * {@code POST /v1/vaults/{vault}/policies/test}: would {@code subject} be allowed {@code permission} on
     * {@code path}, calling from {@code ip} (none: rules with {@code ip_ranges} do not apply), with or without MFA,
     * now?
     */
    public record Test(String subject, String path, String permission, @Nullable String ip, @Nullable Boolean mfa) {
        /** A test of {@code subject} wanting {@code permission} on {@code path}; add the rest with the builder. */
        public static Builder builder(String subject, String path, Permission permission) {
            return new Builder(subject, path, permission);
        }

        /** {@link #permission()} typed; a name this SDK does not know is {@link Permission#UNKNOWN}. */
        public Permission typedPermission() {
            return Permission.fromWire(permission);
        }

        /** Builds a {@link Test}: the subject, path and permission, then optionally where from and with MFA. */
        public static final class Builder {
            private final String subject;
            private final String path;
            private final Permission permission;
            private @Nullable String ip;
            private @Nullable Boolean mfa;

            private Builder(String subject, String path, Permission permission) {
                if (permission == Permission.UNKNOWN) {
                    throw new IllegalArgumentException("UNKNOWN cannot be tested; name a permission such as "
                            + "Permission.READ");
                }
                this.subject = subject;
                this.path = path;
                this.permission = permission;
            }

            /** The caller's address (IPv4 or IPv6); without one, rules with {@code ip_ranges} do not apply. */
            public Builder ip(String ip) {
                this.ip = ip;
                return this;
            }

            /** Whether the caller verified a second factor (default: not). */
            public Builder mfa(boolean mfa) {
                this.mfa = mfa;
                return this;
            }

            public Test build() {
                return new Test(subject, path, permission.wire(), ip, mfa);
            }
        }
    }

    /**
     * The answer to {@link Test}: the decision, the policy and rule that made it (absent for a default deny), a
     * sentence saying why, and every policy that applied to the subject.
     */
    public record TestResult(boolean allowed, @Nullable String policy, @Nullable Integer ruleIndex, @Nullable Rule rule,
            String reason, List<String> policiesConsidered) {
        public TestResult {
            policiesConsidered = List.copyOf(policiesConsidered);
        }
    }

    /**
     * An unmodifiable copy that keeps null elements: a request may carry them, and the server must be able to
     * answer 400 naming the element rather than fail while binding the body.
     */
    private static <T> @Nullable List<T> copyKeepingNulls(@Nullable List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
