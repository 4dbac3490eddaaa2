package dev.arca.server.database.plugin;

import dev.arca.api.SecretText;
import java.time.Instant;
import java.util.List;

/**
 * Arca's pooled connection to one database server, logged in as the connection's root user. Every method is
 * safe to call again after a failure or a crash: {@link #revoke} of a user that is already gone succeeds, and
 * {@link #create} of a name that exists fails without changing it.
 *
 * <p>Statements are a role's (or the plugin's defaults, {@link PluginDefaults}); a client renders their
 * placeholders with {@link Templates} and runs them in order, in one transaction where the database has
 * transactional DDL (PostgreSQL). Failures are {@link DatabaseException}s: {@code Unavailable} when the server
 * cannot be reached or refuses the root login, {@code Failed} with the database's own message otherwise; neither
 * ever carries a password.
 */
public interface DatabaseClient extends AutoCloseable {
    /** Logs in and runs the cheapest query ({@code SELECT 1}, {@code PING}). */
    void verify();

    /**
     * Checks that {@code creation} statements would run, without leaving anything behind: PostgreSQL runs them in a
     * transaction it rolls back, MariaDB prepares each, Redis applies the rules to a disabled scratch user it
     * deletes. Used when a role is written, so a syntax error is refused then, with the database's message.
     */
    void check(List<String> creation);

    /** Makes the user: the creation statements, with the user's name, password and expiration. */
    void create(NewUser user, List<String> creation);

    /** Moves the user's expiry in the database where it has one ({@code VALID UNTIL}); a no-op elsewhere. */
    void renew(String username, Instant expiration, List<String> renew);

    /**
     * Ends the user: no new logins, its open sessions terminated, what it owns and its grants dropped, the user
     * dropped. Succeeds when the user does not exist (any more).
     */
    void revoke(String username, List<String> revocation);

    /** Whether a user of this name exists on the server (sweeps and tests count orphans with it). */
    boolean exists(String username);

    /** Every user on the server whose name starts with {@code prefix} (orphan counts in tests, the sweep). */
    List<String> usersStartingWith(String prefix);

    /**
     * Sets an existing user's password (static roles; the root user's own rotation when {@code username} is the
     * root). {@code statements} empty means the plugin's own ({@code ALTER ROLE … PASSWORD}, {@code ALTER USER …
     * IDENTIFIED BY}, {@code ACL SETUSER … resetpass >…}).
     */
    void setPassword(String username, SecretText password, List<String> statements);

    /** Closes the pool. */
    @Override
    void close();
}
