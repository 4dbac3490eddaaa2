package dev.arca.server.acme;

import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;

/**
 * What the CA answered, said so a person can act on it: the CA's problem type and detail (RFC 7807) passed on,
 * with what to check on Arca's side. acme4j's messages carry no key material (a problem document is the CA's own
 * text), and nothing of ours is added but names and URLs.
 */
final class AcmeFailures {
    private static final String ERROR = "urn:ietf:params:acme:error:";
    /** Problems about what the caller sent, answered 400; everything else the CA says is a 502. */
    private static final Set<String> CALLERS = Set.of("malformed", "unauthorized", "externalAccountRequired",
            "invalidContact", "unsupportedContact", "userActionRequired", "rejectedIdentifier",
            "unsupportedIdentifier", "accountDoesNotExist", "badPublicKey", "caa", "compound");

    private AcmeFailures() {}

    /** The CA's problem as one line: {@code detail (type)}. */
    static String describe(Problem problem) {
        return problem + " (" + shortType(problem) + ")";
    }

    /** Why a call to the CA failed, for an order's {@code error} and the server log. */
    static String describe(AcmeException e) {
        if (e instanceof AcmeServerException server) {
            return "the CA answered: " + describe(server.getProblem());
        }
        if (e instanceof AcmeNetworkException) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return "cannot reach the CA (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        }
        return "the ACME exchange failed: " + e.getMessage();
    }

    /** The CA's {@code Retry-After} on a rate limit, when it sent one. */
    static Optional<Instant> retryAfter(AcmeException e) {
        return e instanceof AcmeRateLimitedException limited ? limited.getRetryAfter() : Optional.empty();
    }

    /**
     * The answer to a request the CA refused: 400 naming {@code field} when the CA blames what was sent, 502
     * otherwise; {@code hint} says what to check.
     */
    static ArcaException forRequest(AcmeException e, String field, String hint) {
        if (e instanceof AcmeServerException server && CALLERS.contains(shortType(server.getProblem()))) {
            return new ArcaException(ErrorCode.INVALID_REQUEST, describe(e) + "; " + hint,
                    Map.of("field", field, "acme_problem", server.getProblem().getType().toString()));
        }
        return new ArcaException(ErrorCode.UPSTREAM_FAILED, describe(e) + "; " + hint);
    }

    private static String shortType(Problem problem) {
        String type = problem.getType().toString();
        return type.startsWith(ERROR) ? type.substring(ERROR.length()) : type;
    }
}
