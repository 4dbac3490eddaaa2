package dev.arca.sdk;

import dev.arca.api.Durations;
import dev.arca.api.SecretText;
import dev.arca.api.Token;
import java.time.Duration;
import java.util.Objects;

/**
 * Tokens: create, look up and revoke. A token is named either by itself or by its accessor, which identifies it
 * without being usable as a credential. Reached by {@link ArcaClient#tokens()}.
 */
public final class TokenOperations {
    private final HttpTransport transport;

    TokenOperations(HttpTransport transport) {
        this.transport = transport;
    }

    /**
     * {@code POST /v1/tokens}: a new token, returned this once; only its hash is stored. {@code ttl}, {@code max_ttl}
     * (the renewal ceiling), policies and, for a vault-scoped token, {@code vault}. The token is a child of the
     * client's credential: capped at its expiry and revoked with it, unless {@code orphan} (root or {@code admin}
     * on {@code _tokens} only).
     */
    public Token.Created create(Token.Create request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", RequestTarget.route("v1", "tokens"), request, Token.Created.class);
    }

    /** {@code GET /v1/tokens/self}: the metadata of the client's own token. */
    public Token lookupSelf() {
        return transport.call("GET", RequestTarget.route("v1", "tokens", "self"), null, Token.class);
    }

    /**
     * {@code POST /v1/tokens/renew-self}: extends the client's own token by {@code increment} ({@code 1h}; null =
     * its TTL), never past its max TTL.
     */
    public Token renewSelf(String increment) {
        return transport.call("POST", RequestTarget.route("v1", "tokens", "renew-self"), new Token.Renew(increment),
                Token.class);
    }

    /**
     * {@code POST /v1/tokens/renew-self}: extends the client's own token by {@code increment} (whole seconds),
     * never past its max TTL.
     *
     * @throws IllegalArgumentException if {@code increment} is not a positive whole number of seconds
     */
    public Token renewSelf(Duration increment) {
        Objects.requireNonNull(increment, "increment");
        if (increment.isNegative() || increment.isZero() || increment.getNano() != 0) {
            throw new IllegalArgumentException("a renewal increment is a positive whole number of seconds, not "
                    + increment);
        }
        return renewSelf(Durations.format(increment));
    }

    /** {@code POST /v1/tokens/revoke-self}: the client's own token (and every token it made) stops working. */
    public void revokeSelf() {
        transport.call("POST", RequestTarget.route("v1", "tokens", "revoke-self"), null);
    }

    /** {@code POST /v1/tokens/lookup} with {@code {"token"}}: the metadata of another token. */
    public Token lookup(String token) {
        return lookup(new Token.Ref(SecretText.of(Objects.requireNonNull(token, "token")), null));
    }

    /** {@code POST /v1/tokens/lookup} with {@code {"accessor"}}. */
    public Token lookupAccessor(String accessor) {
        return lookup(new Token.Ref(null, Objects.requireNonNull(accessor, "accessor")));
    }

    /** {@code POST /v1/tokens/revoke} with {@code {"token"}}: the token stops working at once. */
    public void revoke(String token) {
        revoke(new Token.Ref(SecretText.of(Objects.requireNonNull(token, "token")), null));
    }

    /** {@code POST /v1/tokens/revoke} with {@code {"accessor"}}. */
    public void revokeAccessor(String accessor) {
        revoke(new Token.Ref(null, Objects.requireNonNull(accessor, "accessor")));
    }

    private Token lookup(Token.Ref ref) {
        return transport.call("POST", RequestTarget.route("v1", "tokens", "lookup"), ref, Token.class);
    }

    private void revoke(Token.Ref ref) {
        transport.call("POST", RequestTarget.route("v1", "tokens", "revoke"), ref);
    }
}
