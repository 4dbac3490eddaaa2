package dev.arca.server.identity;

import java.util.Map;
import java.util.Optional;

/**
 * Everything a request carries that may prove who sent it: a bearer value (an {@code arca_…} token or a JWT),
 * the machine-signature headers, and what a signature covers (method, path with query, body).
 *
 * @param headers request headers with lower-case names
 */
public record Credentials(Optional<String> bearer, Map<String, String> headers, String method, String pathWithQuery,
        byte[] body, String sourceIp) {
    public Credentials {
        headers = Map.copyOf(headers);
    }

    public Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }

    @Override
    public String toString() {
        return "Credentials[" + method + " " + pathWithQuery + " from " + sourceIp + "]";
    }
}
