package dev.arca.server.frontend.acme;

import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A refusal in RFC 8555's terms (§6.7): the exact ACME error type (without {@code urn:ietf:params:acme:error:}) and
 * HTTP status the client is told, so a handler says {@code badCSR} or {@code orderNotReady} rather than a generic
 * code. It is an {@link ArcaException} so the pipeline audits it like any refusal (under the nearest Arca code).
 */
public final class AcmeProblem extends ArcaException {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final int status;
    private final transient List<String> algorithms;

    private AcmeProblem(String type, int status, @Nullable String detail, List<String> algorithms) {
        super(code(status), detail == null ? type : detail, Map.of("acme_type", type));
        this.type = type;
        this.status = status;
        this.algorithms = List.copyOf(algorithms);
    }

    public static AcmeProblem of(String type, int status, @Nullable String detail) {
        return new AcmeProblem(type, status, detail, List.of());
    }

    public static AcmeProblem malformed(@Nullable String detail) {
        return of("malformed", 400, detail);
    }

    public static AcmeProblem unauthorized(@Nullable String detail) {
        return of("unauthorized", 403, detail);
    }

    public static AcmeProblem badNonce(@Nullable String detail) {
        return of("badNonce", 400, detail);
    }

    public static AcmeProblem accountDoesNotExist(@Nullable String detail) {
        return of("accountDoesNotExist", 400, detail);
    }

    public static AcmeProblem notFound(@Nullable String detail) {
        return of("malformed", 404, detail);
    }

    public static AcmeProblem badCsr(@Nullable String detail) {
        return of("badCSR", 400, detail);
    }

    public static AcmeProblem rejectedIdentifier(@Nullable String detail) {
        return of("rejectedIdentifier", 400, detail);
    }

    public static AcmeProblem unsupportedIdentifier(@Nullable String detail) {
        return of("unsupportedIdentifier", 400, detail);
    }

    public static AcmeProblem orderNotReady(@Nullable String detail) {
        return of("orderNotReady", 403, detail);
    }

    public static AcmeProblem externalAccountRequired(@Nullable String detail) {
        return of("externalAccountRequired", 403, detail);
    }

    public static AcmeProblem alreadyRevoked(@Nullable String detail) {
        return of("alreadyRevoked", 400, detail);
    }

    public static AcmeProblem badRevocationReason(@Nullable String detail) {
        return of("badRevocationReason", 400, detail);
    }

    public static AcmeProblem conflict(@Nullable String detail) {
        return of("malformed", 409, detail);
    }

    /** {@code badSignatureAlgorithm} with the algorithms the server takes (RFC 8555 §6.2). */
    public static AcmeProblem badSignatureAlgorithm(@Nullable String detail, List<String> algorithms) {
        return new AcmeProblem("badSignatureAlgorithm", 400, detail, algorithms);
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    /** The algorithms a {@code badSignatureAlgorithm} problem lists; empty for other types. */
    public List<String> algorithms() {
        return algorithms;
    }

    private static ErrorCode code(int status) {
        return switch (status) {
            case 403 -> ErrorCode.ACCESS_DENIED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_REQUEST;
        };
    }
}
