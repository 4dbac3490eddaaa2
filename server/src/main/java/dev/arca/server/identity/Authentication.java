package dev.arca.server.identity;

import dev.arca.server.error.ArcaException;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Asks each {@link Authenticator} in turn; the first that recognises the credentials decides. A principal of a
 * vault with an IP allowlist must also call from an allowed address, and a disabled identity is refused whatever
 * credential it shows (403 both).
 */
public final class Authentication {
    private final List<Authenticator> authenticators;
    private final BiPredicate<String, String> vaultAllows;
    private final DisabledIdentities disabled;

    /**
     * @param vaultAllows (vault id, source ip) → may a principal of that vault call from there
     * @param disabled the identities refused whatever credential they show (403)
     */
    public Authentication(List<Authenticator> authenticators, BiPredicate<String, String> vaultAllows,
            DisabledIdentities disabled) {
        this.authenticators = List.copyOf(authenticators);
        this.vaultAllows = vaultAllows;
        this.disabled = disabled;
    }

    public Principal authenticate(Credentials credentials) {
        for (Authenticator authenticator : authenticators) {
            Optional<Principal> principal = authenticator.authenticate(credentials);
            if (principal.isPresent()) {
                Principal p = principal.get();
                if (p.vaultId() != null && !vaultAllows.test(p.vaultId(), credentials.sourceIp())) {
                    throw ArcaException.denied("this vault does not accept requests from " + credentials.sourceIp()
                            + " (its IP allowlist)");
                }
                disabled.refuse(p);
                return p;
            }
        }
        throw ArcaException.unauthenticated("this route needs credentials: a token ('Authorization: Bearer arca_…'),"
                + " a machine signature (X-Machine-Id, X-Timestamp, X-Nonce, X-Signature) or a client JWT");
    }
}
