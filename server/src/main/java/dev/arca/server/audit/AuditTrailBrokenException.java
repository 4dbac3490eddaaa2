package dev.arca.server.audit;

/**
 * The server refuses to start: the audit file does not end where the database says ({@code audit_on_mismatch =
 * refuse}). The message names the file, what was expected, what was found and how to proceed; it carries no secret.
 */
public final class AuditTrailBrokenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    AuditTrailBrokenException(String message) {
        super(message);
    }
}
