package dev.arca.server.policy;

import dev.arca.api.Policy;
import dev.arca.server.identity.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The policy engine: decides each {@link AccessRequest} from the policies that apply to the principal — those
 * attached to its token, those bound to its subject, and those bound to the groups of a user.
 *
 * <p>Guarantees: deny by default; a deny rule that matches (path, permission and all its conditions) denies,
 * whatever other rule allows and in whatever order the rules and policies come; a rule whose conditions do not
 * all hold neither allows nor denies. The decision depends only on the path asked for, never on whether anything
 * exists there. A policy name that names no policy grants nothing.
 */
public final class PolicyEngine implements Authorizer {
    /** How many "matched but …" notes a default deny mentions at most, to keep the reason readable. */
    private static final int MAX_NOTES = 3;

    private final PolicyCatalog catalog;
    private final GroupMembership groups;

    /**
     * @param groups the groups of a subject, asked on every decision (so it should answer from memory);
     *     {@link GroupMembership#NONE} while there are no users and groups
     */
    public PolicyEngine(PolicyCatalog catalog, GroupMembership groups) {
        this.catalog = catalog;
        this.groups = groups;
    }

    /**
     * A decision with what explains it: the rule that decided (absent for a default deny) and the names of the
     * policies that applied.
     */
    public record Explanation(Decision decision, Policy.@Nullable Rule rule, List<String> policiesConsidered) {
        public Explanation {
            policiesConsidered = List.copyOf(policiesConsidered);
        }
    }

    @Override
    public Decision decide(Principal principal, AccessRequest request) {
        return explain(principal.subject(), principal.policies(), request).decision();
    }

    /**
     * Decides for {@code subject} holding the {@code attached} policy names of its credential (none for a subject
     * tested by name), as {@link #decide} would.
     */
    public Explanation explain(String subject, Collection<String> attached, AccessRequest request) {
        SortedSet<String> names = new TreeSet<>(attached);
        names.addAll(catalog.boundTo(request.vaultId(), subject));
        for (String group : groups.groupsOf(request.vaultId(), subject)) {
            names.addAll(catalog.boundTo(request.vaultId(), "group:" + group));
        }
        List<CompiledPolicy> applicable = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            Optional<CompiledPolicy> policy = catalog.compiled(request.vaultId(), name);
            if (policy.isPresent()) {
                applicable.add(policy.get());
            } else {
                missing.add(name);
            }
        }
        List<String> considered = applicable.stream().map(CompiledPolicy::name).toList();
        return evaluate(applicable, request, considered, missing);
    }

    private static Explanation evaluate(List<CompiledPolicy> policies, AccessRequest request,
            List<String> considered, List<String> missing) {
        String[] segments = PathGlob.segments(request.path());
        CompiledPolicy allowedBy = null;
        CompiledRule allowingRule = null;
        List<String> notes = new ArrayList<>();
        for (CompiledPolicy policy : policies) {
            for (CompiledRule rule : policy.rules()) {
                if (!rule.covers(segments, request.permission())) {
                    continue;
                }
                Optional<String> unmet = rule.unmetCondition(request);
                if (unmet.isPresent()) {
                    if (!rule.deny()) {
                        notes.add("rule " + rule.index() + " of '" + policy.name() + "' matched but " + unmet.get());
                    }
                } else if (rule.deny()) {
                    return new Explanation(new Decision(false, policy.name(), rule.index(), "denied by policy '"
                            + policy.name() + "' rule " + rule.index() + " (" + rule.describe() + ")"), rule.source(),
                            considered);
                } else if (allowingRule == null) {
                    allowedBy = policy;
                    allowingRule = rule;
                }
            }
        }
        if (allowingRule != null && allowedBy != null) {
            return new Explanation(new Decision(true, allowedBy.name(), allowingRule.index(), "allowed by policy '"
                    + allowedBy.name() + "' rule " + allowingRule.index() + " (" + allowingRule.describe() + ")"),
                    allowingRule.source(), considered);
        }
        return new Explanation(Decision.defaultDeny(defaultDenyReason(considered, missing, notes)), null, considered);
    }

    private static String defaultDenyReason(List<String> considered, List<String> missing, List<String> notes) {
        var reason = new StringBuilder(considered.isEmpty() ? "no policy applies"
                : "no rule allows it (policies considered: " + String.join(", ", considered) + ")");
        if (!missing.isEmpty()) {
            reason.append("; no such policy: ").append(String.join(", ", missing));
        }
        notes.stream().limit(MAX_NOTES).forEach(note -> reason.append("; ").append(note));
        if (notes.size() > MAX_NOTES) {
            reason.append("; and ").append(notes.size() - MAX_NOTES).append(" more");
        }
        return reason.toString();
    }
}
