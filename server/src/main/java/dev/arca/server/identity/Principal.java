package dev.arca.server.identity;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Who is asking, once authenticated. {@code id} names the principal without being a credential (a token's
 * accessor, a machine id, a client id, an agent or user name), so it may appear in the audit trail.
 *
 * @param vaultId the vault this principal belongs to; null only for global tokens (the root token and tokens
 *     made from it without a vault), which policies of no vault can bind
 * @param policies policies attached directly to the credential (token policies); policies bound to the
 *     principal's subject are found by the policy engine
 * @param mfa whether a second factor was verified for this session (for {@code require_mfa} conditions)
 * @param tokenAccessor the accessor of the token the request came with; null for signed requests
 * @param expiresAt when the credential the request came with stops being accepted, as known when it was
 *     authenticated (a token's expiry, an ephemeral machine's end, a client JWT's {@code exp}); null when only
 *     revocation ends it. Tokens this principal makes never outlive it.
 */
public record Principal(Kind kind, @Nullable String id, String displayName, @Nullable String vaultId,
        List<String> policies, boolean mfa, @Nullable String tokenAccessor, @Nullable Instant expiresAt) {
    public static final String ROOT_POLICY = "root";

    public enum Kind { TOKEN, USER, MACHINE, CLIENT, AGENT }

    public Principal {
        policies = List.copyOf(policies);
    }

    /** A principal that is nothing but a token (root token, tokens made with {@code arca token create}). */
    public static Principal token(@Nullable String accessor, String displayName, @Nullable String vaultId,
            List<String> policies) {
        return new Principal(Kind.TOKEN, accessor, displayName, vaultId, policies, false, accessor, null);
    }

    /** A principal proven by a signature or assertion rather than a token (machines, per-request client JWTs). */
    public static Principal signed(Kind kind, String id, String displayName, String vaultId) {
        return new Principal(kind, id, displayName, vaultId, List.of(), false, null, null);
    }

    /** This principal, its credential ending at {@code end} (null: only revocation ends it). */
    public Principal expiringAt(@Nullable Instant end) {
        return new Principal(kind, id, displayName, vaultId, policies, mfa, tokenAccessor, end);
    }

    public boolean isRoot() {
        return policies.contains(ROOT_POLICY);
    }

    /**
     * How policies bind to this principal: {@code user:alice}, {@code machine:mach_…}, {@code client:cli_…},
     * {@code agent:NAME}, {@code token:acc_…}. Also how the audit trail names it.
     */
    public String subject() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + id;
    }

    /** How the audit trail names this principal. */
    public String auditName() {
        return subject();
    }
}
