package dev.arca.server.storage;

/** Storage could not do what was asked: the database is unreachable, full, or refused the statement. */
public final class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
