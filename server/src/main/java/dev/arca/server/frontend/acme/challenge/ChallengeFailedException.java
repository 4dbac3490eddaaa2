package dev.arca.server.frontend.acme.challenge;

/**
 * A challenge that did not validate, with what the ACME client is told: an RFC 8555 error type without its
 * {@code urn:ietf:params:acme:error:} prefix ({@code connection}, {@code dns}, {@code incorrectResponse},
 * {@code tls}, {@code unauthorized}, {@code rejectedIdentifier}) and a detail that says what was found.
 */
public final class ChallengeFailedException extends Exception {
    private final String problemType;

    public ChallengeFailedException(String problemType, String detail) {
        super(detail);
        this.problemType = problemType;
    }

    public String problemType() {
        return problemType;
    }
}
