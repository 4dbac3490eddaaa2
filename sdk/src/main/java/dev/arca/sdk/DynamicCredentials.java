package dev.arca.sdk;

import dev.arca.api.DatabaseSecrets;
import dev.arca.api.SecretText;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A database user made for the caller, on its lease ({@link DynamicOperations#generateCredentials}). Closing it
 * ends the lease ({@code POST /v1/leases/release}), and the server drops the user before answering; use it in
 * try-with-resources so the user lives no longer than the work that needs it:
 *
 * <pre>{@code
 * try (DynamicCredentials db = client.dynamic().generateCredentials("database", "readonly", Duration.ofMinutes(10))) {
 *     DriverManager.getConnection(jdbcUrl, db.username(), db.password().reveal());
 * }
 * }</pre>
 *
 * <p>{@link #close()} releases once: a second close does nothing, and a lease that had already ended (expired,
 * revoked, {@code 410 lease_expired}) counts as released. When the release itself fails (the server unreachable),
 * close throws and a later close tries again; the lease still ends at {@link #expiresAt()}. Thread-safe;
 * {@link #toString()} never shows the password.
 */
public final class DynamicCredentials implements AutoCloseable {
    /** Ends a lease: {@code POST /v1/leases/release}. */
    @FunctionalInterface
    interface Release {
        void release(String leaseId);
    }

    private final DatabaseSecrets.Credentials credentials;
    private final Release release;
    private boolean released;

    DynamicCredentials(DatabaseSecrets.Credentials credentials, Release release) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.release = Objects.requireNonNull(release, "release");
    }

    /** The lease to renew ({@link DynamicOperations#renew}) or end ({@link #close()}). */
    public String leaseId() {
        return credentials.leaseId();
    }

    /** The database user made for this lease. */
    public String username() {
        return credentials.data().username();
    }

    /** Its password, stored nowhere but here: {@link SecretText#reveal()} when connecting. */
    public SecretText password() {
        return credentials.data().password();
    }

    /** Where to log in, without credentials: {@code postgresql://host:5432/db}, {@code redis://host:6379}. */
    public String connectionUrl() {
        return credentials.data().connectionUrl();
    }

    /** When the lease ends unless renewed; the user is dropped then. */
    public Instant expiresAt() {
        return credentials.expiresAt();
    }

    /** The latest renewals can move {@link #expiresAt()} to. */
    public Instant maxExpiresAt() {
        return credentials.maxExpiresAt();
    }

    /** How long the lease was given for. */
    public Duration leaseDuration() {
        return Duration.ofSeconds(credentials.leaseDuration());
    }

    public boolean renewable() {
        return credentials.renewable();
    }

    /** What the server changed of the request, such as a ttl clamped to the role's {@code max_ttl}. */
    public List<String> warnings() {
        return credentials.warnings();
    }

    /** Whether {@link #close()} has ended the lease. */
    public synchronized boolean isClosed() {
        return released;
    }

    /**
     * Ends the lease, so the user is dropped now; once only (see the class comment).
     *
     * @throws ArcaException when the release could not be made; a later close tries again
     */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        try {
            release.release(leaseId());
        } catch (LeaseExpiredException alreadyEnded) {
            // Expired or revoked meanwhile: what close was for has happened.
        }
        released = true;
    }

    @Override
    public String toString() {
        return "DynamicCredentials[leaseId=" + leaseId() + ", username=" + username() + ", connectionUrl="
                + connectionUrl() + ", expiresAt=" + expiresAt() + ", password=<redacted>]";
    }
}
