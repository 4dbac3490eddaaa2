package dev.arca.server.auth;

import java.util.List;

/**
 * Who is asking, once authenticated. {@code id} names the principal without being a credential
 * (a token's accessor, a machine id…), so it may appear in the audit trail.
 */
public record Principal(Kind kind, String id, String displayName, List<String> policies) {
    public static final String ROOT_POLICY = "root";

    public enum Kind { TOKEN }

    public Principal {
        policies = List.copyOf(policies);
    }

    public boolean isRoot() {
        return policies.contains(ROOT_POLICY);
    }

    /** How the audit trail names this principal: {@code token:acc_…}. */
    public String auditName() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
    }
}
