package dev.arca.sdk;

/**
 * The root of every exception the SDK throws. Unchecked: a caller handles the subclasses it can act on
 * ({@link NotFoundException}, {@link SealedException}, {@link RateLimitedException}…) and lets the rest travel.
 * No message ever contains a secret value or a token.
 */
public class ArcaException extends RuntimeException {
    /** An exception with a message that says what went wrong and what to do about it. */
    public ArcaException(String message) {
        super(message);
    }

    /** An exception with a message and the low-level cause. */
    public ArcaException(String message, Throwable cause) {
        super(message, cause);
    }
}
