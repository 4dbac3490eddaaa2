package dev.arca.api;

import java.util.Locale;
import java.util.Optional;

/**
 * The error codes of DESIGN §7 with the HTTP status each is answered with: the one list the server answers from and
 * the SDK maps to its exceptions, so the two cannot disagree on a code or its status.
 */
public enum ErrorCode {
    INVALID_REQUEST(400),
    /** Asked for a field of a secret that holds a single value. */
    SECRET_STRUCTURE(400),
    UNAUTHENTICATED(401),
    /** An agent session (or other session token) outlived its expiry: authenticate again. */
    SESSION_EXPIRED(401),
    ACCESS_DENIED(403),
    NOT_FOUND(404),
    /** Asked for a field the secret does not have; {@code details.available} lists the names it has. */
    FIELD_NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    CONFLICT(409),
    /** The lease ended (expired, released or revoked): retrieve the secret again. */
    LEASE_EXPIRED(410),
    PAYLOAD_TOO_LARGE(413),
    RATE_LIMITED(429),
    INTERNAL(500),
    NOT_INITIALIZED(501),
    /** {@code use http_request}: the upstream refused, broke the protocol or answered more than the cap. */
    UPSTREAM_FAILED(502),
    SEALED(503),
    UNAVAILABLE(503),
    /** {@code use http_request}: the upstream did not answer in time. */
    UPSTREAM_TIMEOUT(504);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    /** The HTTP status this code is answered with. */
    public int status() {
        return status;
    }

    /** The code as it appears on the wire: {@code invalid_request}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The code written {@code wire}; empty for a code this version does not know (a newer server's). */
    public static Optional<ErrorCode> fromWire(String wire) {
        for (ErrorCode code : values()) {
            if (code.wire().equals(wire)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }
}
