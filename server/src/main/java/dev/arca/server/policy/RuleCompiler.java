package dev.arca.server.policy;

import dev.arca.api.Policy;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.net.Cidr;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Checks a policy's rules and compiles them, or answers 400 naming the first bad field as
 * {@code rules[3].path}, {@code rules[3].permissions}, {@code rules[3].conditions.ip_ranges}, … Rules read back
 * from storage were checked when they were written and go through the same code.
 */
final class RuleCompiler {
    /** Beyond this a policy is better split; it also bounds the work of one authorization. */
    static final int MAX_RULES = 1000;
    static final String ALLOW = "allow";
    static final String DENY = "deny";
    private static final Set<Permission> GRANTABLE = EnumSet.complementOf(EnumSet.of(Permission.SELF));
    static final String PERMISSION_NAMES = GRANTABLE.stream().map(RuleCompiler::wire)
            .collect(Collectors.joining(" "));

    private RuleCompiler() {}

    static List<CompiledRule> compile(List<Policy.Rule> rules) {
        if (rules == null) {
            throw ArcaException.invalid("rules", "rules is required (a list, which may be empty)");
        }
        if (rules.size() > MAX_RULES) {
            throw ArcaException.invalid("rules", "a policy has at most " + MAX_RULES + " rules; split it into "
                    + "several policies");
        }
        List<CompiledRule> compiled = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            compiled.add(compile(i, rules.get(i)));
        }
        return compiled;
    }

    private static CompiledRule compile(int index, Policy.Rule rule) {
        String field = "rules[" + index + "]";
        if (rule == null) {
            throw ArcaException.invalid(field, field + " must be an object with path and permissions");
        }
        PathGlob glob;
        try {
            glob = PathGlob.compile(rule.path());
        } catch (IllegalArgumentException e) {
            throw ArcaException.invalid(field + ".path", field + ".path: " + e.getMessage());
        }
        Set<Permission> permissions = permissions(field + ".permissions", rule.permissions());
        boolean deny = effect(field + ".effect", rule.effect());
        Policy.Conditions conditions = rule.conditions();
        List<Cidr> ranges = conditions == null ? List.of() : ranges(field + ".conditions.ip_ranges",
                conditions.ipRanges());
        boolean requireMfa = conditions != null && Boolean.TRUE.equals(conditions.requireMfa());
        Instant notBefore = conditions == null ? null : instant(field + ".conditions.not_before",
                conditions.notBefore());
        Instant notAfter = conditions == null ? null : instant(field + ".conditions.not_after",
                conditions.notAfter());
        if (notBefore != null && notAfter != null && notBefore.isAfter(notAfter)) {
            throw ArcaException.invalid(field + ".conditions.not_before", field
                    + ".conditions: not_before (" + notBefore + ") is after not_after (" + notAfter + ")");
        }
        var source = new Policy.Rule(glob.pattern(), permissions.stream().map(RuleCompiler::wire).toList(),
                deny ? DENY : ALLOW, normalised(ranges, requireMfa, notBefore, notAfter));
        return new CompiledRule(index, source, glob, permissions, deny, ranges, requireMfa, notBefore, notAfter);
    }

    private static Set<Permission> permissions(String field, List<String> names) {
        if (names == null || names.isEmpty()) {
            throw ArcaException.invalid(field, field + " must list at least one of: " + PERMISSION_NAMES);
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String name : names) {
            permissions.add(permission(name).orElseThrow(() -> ArcaException.invalid(field, field
                    + ": unknown permission '" + printable(name) + "'; use " + PERMISSION_NAMES)));
        }
        return permissions;
    }

    /** A permission by its wire name ({@code read}, …, {@code admin}); lower case only. */
    static Optional<Permission> permission(String name) {
        return GRANTABLE.stream().filter(p -> wire(p).equals(name)).findFirst();
    }

    static String wire(Permission permission) {
        return permission.wire();
    }

    private static boolean effect(String field, String effect) {
        if (effect == null || effect.equals(ALLOW)) {
            return false;
        }
        if (effect.equals(DENY)) {
            return true;
        }
        throw ArcaException.invalid(field, field + " must be 'allow' or 'deny'");
    }

    private static List<Cidr> ranges(String field, @Nullable List<String> texts) {
        if (texts == null) {
            return List.of();
        }
        List<Cidr> ranges = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                ranges.add(Cidr.parse(texts.get(i)));
            } catch (IllegalArgumentException e) {
                throw ArcaException.invalid(field, field + "[" + i + "]: " + e.getMessage());
            }
        }
        return ranges.stream().distinct().toList();
    }

    private static @Nullable Instant instant(String field, @Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ArcaException.invalid(field, field + " must be an ISO-8601 time with an offset, such as "
                    + "2030-01-31T18:00:00Z");
        }
    }

    private static Policy.@Nullable Conditions normalised(List<Cidr> ranges, boolean requireMfa,
            @Nullable Instant notBefore, @Nullable Instant notAfter) {
        if (ranges.isEmpty() && !requireMfa && notBefore == null && notAfter == null) {
            return null;
        }
        return new Policy.Conditions(ranges.isEmpty() ? null : ranges.stream().map(Cidr::toString).toList(),
                requireMfa ? Boolean.TRUE : null, notBefore == null ? null : notBefore.toString(),
                notAfter == null ? null : notAfter.toString());
    }

    private static String printable(String text) {
        if (text == null) {
            return "null";
        }
        String visible = text.chars().anyMatch(c -> c < 0x20 || c == 0x7f) ? "(control characters)" : text;
        return visible.length() > 32 ? visible.substring(0, 32) + "…" : visible;
    }
}
