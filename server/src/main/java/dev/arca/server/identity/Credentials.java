package dev.arca.server.identity;

import java.util.Map;
import java.util.Optional;

/**
 * Everything a request carries that may prove who sent it: a bearer value (an {@code arca_…} token or a JWT),
 * the machine-signature headers, and what a signature covers (method, path with query, body).
 *
 * @param headers request headers with lower-case names
 * @param pathWithQuery what a machine signature covers as the path: the target with its query for
 *     {@link Signing#ARCA}, the path alone for {@link Signing#SIKKERKEY}
 * @param signing the request-signature dialect of the door the request came in by
 */
public record Credentials(Optional<String> bearer, Map<String, String> headers, String method, String pathWithQuery,
        byte[] body, String sourceIp, Signing signing) {
    /**
     * The machine-signature dialects, one per door family: the same headers ({@code X-Machine-Id}, {@code X-Timestamp},
     * {@code X-Nonce}, {@code X-Signature}) over different signed strings.
     */
    public enum Signing {
        /** Arca's own (DESIGN §6): newline-separated, the query included, a base64url nonce of 16+ bytes. */
        ARCA,
        /** The SikkerKey clients': {@code METHOD:PATH:TIMESTAMP:NONCE:BODYHASH}, no query, an opaque nonce. */
        SIKKERKEY
    }

    public Credentials {
        headers = Map.copyOf(headers);
        java.util.Objects.requireNonNull(signing, "signing");
    }

    /** Credentials of a door that speaks Arca's signing dialect. */
    public Credentials(Optional<String> bearer, Map<String, String> headers, String method, String pathWithQuery,
            byte[] body, String sourceIp) {
        this(bearer, headers, method, pathWithQuery, body, sourceIp, Signing.ARCA);
    }

    public Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }

    @Override
    public String toString() {
        return "Credentials[" + method + " " + pathWithQuery + " from " + sourceIp + "]";
    }
}
