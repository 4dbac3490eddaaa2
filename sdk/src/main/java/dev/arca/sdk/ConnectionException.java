package dev.arca.sdk;

/** The server could not be reached, or did not answer in time; the request may or may not have been applied. */
public class ConnectionException extends ArcaException {
    /** An exception naming the address that failed and the low-level cause. */
    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
