package dev.arca.server.client;

import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Authenticator;
import dev.arca.server.identity.Credentials;
import dev.arca.server.identity.Principal;
import java.util.Optional;

/**
 * Per-request client JWTs: {@code Authorization: Bearer <compact JWS>} signed with ES256 by a client's registered
 * key, with {@code iss} = {@code sub} = the client id, {@code aud} containing {@code arca}, {@code exp} at most
 * five minutes ahead and a {@code jti} never seen before. Any other {@code alg} ({@code none}, {@code HS256} —
 * also when keyed with the public key —, …), a bad signature, a wrong claim or a replay is 401 naming the rule.
 * Replays are recognised per node (see {@link ClientAssertions}). Bearer values that are not JWTs
 * ({@code arca_…} tokens) are left to other authenticators.
 */
public final class ClientJwtAuthenticator implements Authenticator {
    private final ClientAssertions assertions;

    public ClientJwtAuthenticator(ClientService clients) {
        this.assertions = clients.assertions();
    }

    @Override
    public Optional<Principal> authenticate(Credentials credentials) {
        return credentials.bearer().filter(ClientJwtAuthenticator::isCompactJws).map(this::principal);
    }

    static boolean isCompactJws(String bearer) {
        return !bearer.startsWith("arca_") && bearer.chars().filter(c -> c == '.').count() == 2;
    }

    private Principal principal(String jwt) {
        try {
            ClientAssertions.Verified verified = assertions.verify(jwt);
            return ClientService.principal(verified.client()).expiringAt(verified.expiresAt());
        } catch (ClientAssertions.Refused e) {
            throw ArcaException.unauthenticated("client JWT refused: " + e.getMessage());
        }
    }
}
