package dev.arca.server.frontend.acme.challenge;

import java.util.Objects;

/**
 * What an ACME authorization is for (RFC 8555 §9.7.7): a DNS name ({@code dns}, lower case, without a trailing dot;
 * a wildcard order's authorization names the base domain) or an IP address ({@code ip}, RFC 8738), the only two
 * kinds a challenge can validate.
 */
public record AcmeIdentifier(String type, String value) {
    public static final String DNS = "dns";
    public static final String IP = "ip";

    public AcmeIdentifier {
        Objects.requireNonNull(value, "value");
        if (!DNS.equals(type) && !IP.equals(type)) {
            throw new IllegalArgumentException("an ACME identifier is dns or ip, not " + type);
        }
    }
}
