package dev.arca.server.database.plugin;

/**
 * What a {@link DatabaseClient} throws. Messages are safe to answer: a client takes every password it rendered
 * out of a database message before it throws ({@link Templates#scrub}).
 */
public abstract sealed class DatabaseException extends RuntimeException {
    DatabaseException(String message, @org.jspecify.annotations.Nullable Throwable cause) {
        super(message, cause, false, false);
    }

    /** The server cannot be reached or refused the root login: the engine answers 503 and retries revocations. */
    public static final class Unavailable extends DatabaseException {
        public Unavailable(String message, @org.jspecify.annotations.Nullable Throwable cause) {
            super(message, cause);
        }
    }

    /** A statement failed; the message is the database's (a syntax error, a missing grant). */
    public static final class Failed extends DatabaseException {
        public Failed(String message, @org.jspecify.annotations.Nullable Throwable cause) {
            super(message, cause);
        }
    }

    /** The connection's settings cannot work (a URL this plugin does not take, a bad CA certificate). */
    public static final class Invalid extends DatabaseException {
        public Invalid(String message) {
            super(message, null);
        }
    }
}
