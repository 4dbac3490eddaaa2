package dev.arca.server.watch;

import dev.arca.server.auth.TokenService;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.DisabledIdentities;
import dev.arca.server.identity.Principal;
import dev.arca.server.storage.Database;
import java.time.Clock;
import java.util.function.BiPredicate;

/**
 * Whether a principal authenticated at the start of a long request would still be accepted now, without its
 * credentials: a stream cannot re-authenticate a signed request (its nonce was used) and should not keep a bearer
 * token around. It asks what the authenticators ask, by identity:
 * <ul>
 *   <li>a principal that came with a token (tokens, users, agents, clients' access tokens, machines' tokens):
 *       the token, by accessor, is still live — revoking any identity revokes the tokens it owns, and a child
 *       token never ends later than its ancestors, so its own row says when a parent's time is up;</li>
 *   <li>a machine that signed its request: it is still {@code active} and not past its lifetime;</li>
 *   <li>a client that sent a per-request JWT: it is not revoked;</li>
 *   <li>its identity is not disabled ({@link DisabledIdentities});
 *   <li>and the principal's vault still accepts requests from the caller's address (its IP allowlist).</li>
 * </ul>
 * Reads the machine and client rows directly (one short query) because their services cache lookups for seconds
 * and expose no by-id check.
 */
public final class PrincipalLiveness {
    private final Database db;
    private final TokenService tokens;
    private final BiPredicate<String, String> vaultAllows;
    private final Clock clock;
    private final DisabledIdentities disabled;

    /** @param vaultAllows (vault id, source ip) → may a principal of that vault call from there */
    public PrincipalLiveness(Database db, TokenService tokens, BiPredicate<String, String> vaultAllows, Clock clock) {
        this.db = db;
        this.tokens = tokens;
        this.vaultAllows = vaultAllows;
        this.clock = clock;
        this.disabled = new DisabledIdentities(db, clock);
    }

    public boolean isLive(Principal principal, String sourceIp) {
        if ((principal.vaultId() != null && !vaultAllows.test(principal.vaultId(), sourceIp))
                || disabled.isDisabled(principal)) {
            return false;
        }
        if (principal.tokenAccessor() != null) {
            return tokenLive(principal.tokenAccessor());
        }
        return switch (principal.kind()) {
            case MACHINE -> db.read(h -> h.createQuery("SELECT COUNT(*) FROM machines WHERE id = :id "
                    + "AND status = 'active' AND (expires_at IS NULL OR expires_at > :now)")
                    .bind("id", principal.id()).bind("now", clock.millis()).mapTo(Integer.class).one()) == 1;
            case CLIENT -> db.read(h -> h.createQuery("SELECT COUNT(*) FROM clients WHERE client_id = :id "
                    + "AND revoked_at IS NULL")
                    .bind("id", principal.id()).mapTo(Integer.class).one()) == 1;
            case TOKEN, USER, AGENT -> false;
        };
    }

    private boolean tokenLive(String accessor) {
        try {
            tokens.lookupAccessor(accessor);
            return true;
        } catch (ArcaException notLive) {
            return false;
        }
    }
}
