package dev.arca.server.auth;

import dev.arca.server.http.ArcaException;
import dev.arca.server.http.ErrorCode;
import dev.arca.server.http.Guard;
import dev.arca.server.seal.SealService;
import java.util.Optional;

/**
 * Seal check, token authentication and authorization for the pipeline.
 *
 * <p>Authorization today: the {@code root} policy may do everything, and every principal may act on its own
 * token ({@link Permission#SELF}). Other policy names can already be attached to tokens; the policy engine
 * (path globs, conditions, deny wins) decides for them once it exists — until then they grant nothing.
 */
public final class AccessGuard implements Guard {
    private final SealService seal;
    private final TokenService tokens;

    public AccessGuard(SealService seal, TokenService tokens) {
        this.seal = seal;
        this.tokens = tokens;
    }

    @Override
    public void checkUnsealed() {
        if (!seal.isInitialized()) {
            throw new ArcaException(ErrorCode.SEALED, "Arca is not initialized; run `arca operator init`");
        }
        if (seal.isSealed()) {
            throw new ArcaException(ErrorCode.SEALED, "Arca is sealed; unseal it with `arca operator unseal`");
        }
    }

    @Override
    public Principal authenticate(Optional<String> bearerToken, String sourceIp) {
        return tokens.authenticate(bearerToken.orElseThrow(() -> ArcaException.unauthenticated(
                "this route needs a token: send 'Authorization: Bearer arca_…' (the CLI reads ARCA_TOKEN)")));
    }

    @Override
    public void authorize(Principal principal, String resource, Permission permission, String sourceIp) {
        if (principal.isRoot() || permission == Permission.SELF) {
            return;
        }
        throw ArcaException.denied("access denied: the token's policies " + principal.policies() + " do not grant "
                + permission.name().toLowerCase(java.util.Locale.ROOT) + " on " + resource);
    }
}
