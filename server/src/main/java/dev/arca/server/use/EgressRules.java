package dev.arca.server.use;

import dev.arca.server.error.ArcaException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where one secret may be sent: destination patterns and the methods allowed to them. Empty allows nothing, which
 * is every secret's state until someone with {@code egress} and {@code read} on it (or {@code admin}) says otherwise.
 */
record EgressRules(List<EgressPattern> allow, List<String> methods) {
    static final int MAX_PATTERNS = 32;
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    static final EgressRules NONE = new EgressRules(List.of(), List.of());

    EgressRules {
        allow = List.copyOf(allow);
        methods = List.copyOf(methods);
    }

    /** Checks rules as a caller wrote them; 400 naming the first bad field ({@code allow[3]}, {@code methods}). */
    static EgressRules check(List<String> allow, List<String> methods) {
        if (allow == null) {
            throw ArcaException.invalid("allow", "allow is required: a list of scheme://host[:port][/path-prefix][*] "
                    + "patterns ([] allows nothing)");
        }
        if (allow.size() > MAX_PATTERNS) {
            throw ArcaException.invalid("allow", "allow holds " + allow.size() + " patterns; at most "
                    + MAX_PATTERNS + " are accepted");
        }
        List<EgressPattern> patterns = new ArrayList<>();
        for (int i = 0; i < allow.size(); i++) {
            patterns.add(EgressPattern.parse(allow.get(i), "allow[" + i + "]"));
        }
        Set<String> checked = new LinkedHashSet<>();
        for (String method : methods == null ? List.<String>of() : methods) {
            String upper = method == null ? "" : method.toUpperCase(Locale.ROOT);
            if (!METHODS.contains(upper)) {
                throw ArcaException.invalid("methods", "methods: unknown method '" + Host.printable(String.valueOf(
                        method)) + "'; use GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS");
            }
            checked.add(upper);
        }
        if (!patterns.isEmpty() && checked.isEmpty()) {
            throw ArcaException.invalid("methods", "methods must name at least one method when allow is not empty");
        }
        return new EgressRules(patterns, List.copyOf(checked));
    }

    /** The rule that allows {@code method} to {@code url}, if any. */
    Optional<EgressPattern> match(String method, TargetUrl url) {
        if (!methods.contains(method)) {
            return Optional.empty();
        }
        return allow.stream().filter(pattern -> pattern.matches(url)).findFirst();
    }

    /** The patterns as stored and answered. */
    List<String> patternTexts() {
        return allow.stream().map(EgressPattern::text).toList();
    }
}
