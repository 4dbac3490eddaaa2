package dev.arca.server.access;

import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Authentication;
import dev.arca.server.identity.Credentials;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import dev.arca.server.identity.Resource;
import dev.arca.server.policy.AccessRequest;
import dev.arca.server.policy.Authorizer;
import dev.arca.server.policy.Decision;
import dev.arca.server.seal.SealService;
import java.time.Clock;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Seal check, authentication, rate limits and authorization for the pipeline. Root may do everything; every
 * principal may act on its own token; global resources are root's alone; anything inside a vault is for that
 * vault's principals as their policies decide — and the decision uses only the path, never whether something
 * exists there, so a refusal never tells whether a secret exists.
 */
public final class AccessGuard implements Guard {
    private final SealService seal;
    private final Authentication authentication;
    private final Limits limits;
    private final Authorizer authorizer;
    private final UnaryOperator<String> vaultIdOf;
    private final Clock clock;

    /** The two rate limits of DESIGN §2 step 6. */
    public record Limits(RateLimiter perSource, RateLimiter perPrincipal) {}

    /** @param vaultIdOf resolves a vault name or id from a URL to the vault's id (404 when unknown) */
    public AccessGuard(SealService seal, Authentication authentication, Limits limits, Authorizer authorizer,
            UnaryOperator<String> vaultIdOf, Clock clock) {
        this.seal = seal;
        this.authentication = authentication;
        this.limits = limits;
        this.authorizer = authorizer;
        this.vaultIdOf = vaultIdOf;
        this.clock = clock;
    }

    @Override
    public void checkUnsealed() {
        if (!seal.isSealed()) {
            return; // the common case, answered from memory: no database read on every request
        }
        if (!seal.isInitialized()) {
            throw new ArcaException(ErrorCode.SEALED, "Arca is not initialized; run `arca operator init`");
        }
        if (seal.isSealed()) {
            throw new ArcaException(ErrorCode.SEALED, "Arca is sealed; unseal it with `arca operator unseal`");
        }
    }

    @Override
    public void limitSource(String sourceIp) {
        limits.perSource().check(sourceIp);
    }

    @Override
    public Principal authenticate(Credentials credentials) {
        return authentication.authenticate(credentials);
    }

    @Override
    public void limitPrincipal(Principal principal) {
        limits.perPrincipal().check(principal.subject());
    }

    @Override
    public void authorize(Principal principal, Resource resource, Permission permission, String sourceIp) {
        if (principal.isRoot() || permission == Permission.SELF) {
            return;
        }
        if (resource.isGlobal()) {
            throw denied(principal, resource, permission, "only root may do this");
        }
        String vaultId = principal.vaultId() == null ? null : vaultIdOrNull(resource.vault());
        if (vaultId == null || !vaultId.equals(principal.vaultId())) {
            throw denied(principal, resource, permission, "the principal belongs to another vault");
        }
        Decision decision = authorizer.decide(principal, new AccessRequest(vaultId, resource.path(), permission,
                sourceIp, principal.mfa(), clock.instant()));
        if (!decision.allowed()) {
            throw denied(principal, resource, permission, decision.reason());
        }
    }

    /** A vault the caller named that does not exist is refused like any other, not reported as missing. */
    private @Nullable String vaultIdOrNull(@Nullable String vaultRef) {
        try {
            return vaultIdOf.apply(vaultRef);
        } catch (ArcaException e) {
            return null;
        }
    }

    private static ArcaException denied(Principal principal, Resource resource, Permission permission, String why) {
        return ArcaException.denied("access denied: " + principal.subject() + " may not "
                + permission.wire() + " " + resource + " (" + why + ")");
    }
}
