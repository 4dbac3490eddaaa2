package dev.arca.server.frontend.acme.challenge;

/**
 * Checks one challenge type (RFC 8555 §8): that whoever controls an identifier published the key authorization
 * where the type says. Called outside any storage transaction, from a background thread; it may block on the
 * network for a bounded time.
 *
 * <p>Guarantees: it connects only to public addresses and to those in the configured private ranges; it follows no
 * redirect off the identifier's port rules (RFC 8555 §8.3); it reads a bounded amount of data.
 */
public interface ChallengeValidator {
    /** {@code http-01}, {@code dns-01} or {@code tls-alpn-01}. */
    String type();

    /**
     * Returns when the identifier's holder published {@code keyAuthorization} (the token, a dot, the account key's
     * thumbprint) as this challenge type requires.
     *
     * @throws ChallengeFailedException when it did not, with the RFC 8555 problem type to report
     */
    void validate(AcmeIdentifier identifier, String token, String keyAuthorization) throws ChallengeFailedException;
}
