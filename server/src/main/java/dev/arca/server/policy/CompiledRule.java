package dev.arca.server.policy;

import dev.arca.api.Policy;
import dev.arca.server.identity.Permission;
import dev.arca.server.net.Cidr;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A validated rule ready to evaluate: its glob compiled, permissions as a set, conditions parsed. {@code source}
 * is the normalised wire form, which is what is stored and shown.
 */
record CompiledRule(int index, Policy.Rule source, PathGlob glob, Set<Permission> permissions, boolean deny,
        List<Cidr> ipRanges, boolean requireMfa, @Nullable Instant notBefore, @Nullable Instant notAfter) {
    CompiledRule {
        permissions = Set.copyOf(permissions);
        ipRanges = List.copyOf(ipRanges);
    }

    /** Whether the rule speaks about this permission on this path (its conditions aside). */
    boolean covers(String[] pathSegments, Permission permission) {
        return permissions.contains(permission) && glob.matches(pathSegments);
    }

    /** Empty when every condition holds for the request; otherwise why the rule does not apply. */
    Optional<String> unmetCondition(AccessRequest request) {
        if (!ipRanges.isEmpty() && ipRanges.stream().noneMatch(range -> range.contains(request.sourceIp()))) {
            return Optional.of(request.sourceIp() == null ? "applies only to callers in its ip_ranges and no "
                    + "address was given" : request.sourceIp() + " is outside its ip_ranges");
        }
        if (requireMfa && !request.mfa()) {
            return Optional.of("requires MFA");
        }
        if (notBefore != null && request.time().isBefore(notBefore)) {
            return Optional.of("applies only from " + notBefore);
        }
        if (notAfter != null && request.time().isAfter(notAfter)) {
            return Optional.of("applied only until " + notAfter);
        }
        return Optional.empty();
    }

    /** {@code app/** read,list} for an allow, {@code deny prod/**} for a deny. */
    String describe() {
        if (deny) {
            return "deny " + glob.pattern();
        }
        return glob.pattern() + " " + source.permissions().stream().map(p -> p.toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(","));
    }
}
