package dev.arca.server.audit;

import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;

/**
 * The audit trail could not record an entry, so the request must not take effect: the pipeline answers 503
 * {@code unavailable} and rolls back. The message is safe to show to the caller; the cause is logged by the trail.
 */
public final class AuditUnavailableException extends ArcaException {
    private static final long serialVersionUID = 1L;

    AuditUnavailableException(String message) {
        super(ErrorCode.UNAVAILABLE, message);
    }

    static AuditUnavailableException cannotWrite() {
        return new AuditUnavailableException("the audit trail cannot be written; the request was not carried out");
    }

    static AuditUnavailableException closed() {
        return new AuditUnavailableException("the audit trail is closed (the server is stopping); the request was not carried out");
    }
}
