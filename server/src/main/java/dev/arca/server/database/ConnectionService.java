package dev.arca.server.database;

import dev.arca.api.DatabaseSecrets;
import dev.arca.api.SecretText;
import dev.arca.server.database.plugin.DatabaseClient;
import dev.arca.server.database.plugin.DatabaseException;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import dev.arca.server.vaults.VaultService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Connections to database servers ({@code docs/API-database.md}, config and rotate-root). The root password goes to
 * {@link RootPasswords} and never comes back out of the vault; a connection is verified (logged in to) before it is
 * saved unless the caller says not to. Slow parts — logging in, changing the root password in the database — run
 * before the request's write transaction ({@code prepare…} methods hand back what then runs inside it).
 */
final class ConnectionService {
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final int DEFAULT_MAX_OPEN = 4;
    /** Longer than a rotation can take: two logins and a password change, each bounded by the connect timeout. */
    static final Duration ROTATION_TAKES = Duration.ofMinutes(1);

    private final Database db;
    private final VaultService vaults;
    private final ConnectionStore store;
    private final RootPasswords passwords;
    private final Clients clients;
    private final Clock clock;

    ConnectionService(Database db, VaultService vaults, RootPasswords passwords, Clients clients, Clock clock) {
        this.db = db;
        this.vaults = vaults;
        this.store = new ConnectionStore(db);
        this.passwords = passwords;
        this.clients = clients;
        this.clock = clock;
    }

    String vaultId(String vaultRef) {
        return vaults.resolve(vaultRef).id();
    }

    /**
     * {@code PUT …/config/{name}}: checks the write and, unless told not to, logs in with it — before the
     * transaction; the runnable stores it.
     */
    Supplier<DatabaseSecrets.Connection> preparePut(String vaultRef, String name,
            DatabaseSecrets.ConnectionWrite write, String by) {
        String vaultId = vaultId(vaultRef);
        requireName(name);
        Optional<ConnectionRow> existing = store.byName(vaultId, name);
        if (write.plugin() == null || write.plugin().isBlank()) {
            throw ArcaException.invalid("plugin", "plugin is required: postgresql, mysql or redis");
        }
        if (write.connectionUrl() == null || write.connectionUrl().isBlank()) {
            throw ArcaException.invalid("connection_url", "connection_url is required, e.g. "
                    + "postgresql://127.0.0.1:5432/app (without credentials)");
        }
        if (write.connectionUrl().contains("@")) {
            throw ArcaException.invalid("connection_url", "connection_url must not hold credentials: give username "
                    + "and password as fields");
        }
        if (write.username() == null || write.username().isBlank()) {
            throw ArcaException.invalid("username", "username (the root user Arca logs in as) is required");
        }
        SecretText password = write.password() != null ? write.password()
                : existing.map(row -> passwords.current(vaultId, Clients.rootOwner(row.id())))
                        .orElseThrow(() -> ArcaException.invalid("password", "password is required for a new "
                                + "connection (\"\" for a root user without one)"));
        int maxOpen = write.maxOpenConnections() == null ? DEFAULT_MAX_OPEN : write.maxOpenConnections();
        if (maxOpen < 1 || maxOpen > 64) {
            throw ArcaException.invalid("max_open_connections", "max_open_connections must be 1 to 64");
        }
        List<String> allowed = write.allowedRoles() == null ? List.of() : List.copyOf(write.allowedRoles());
        for (String role : allowed) {
            if (!role.equals("*") && !NAME.matcher(role).matches()) {
                throw ArcaException.invalid("allowed_roles", "allowed_roles holds role names or *; got " + role);
            }
        }
        var tls = write.tls() == null ? new DatabaseSecrets.Tls(false, null, false) : write.tls();
        Instant now = clock.instant();
        var row = new ConnectionRow(existing.map(ConnectionRow::id).orElseGet(() -> Ids.newId("dbconn_")), vaultId,
                name, write.plugin(), write.connectionUrl(), write.username(), allowed, maxOpen, tls, null,
                existing.map(ConnectionRow::rootRotatedAt).orElse(null),
                existing.map(ConnectionRow::createdAt).orElse(now), now);
        try (DatabaseClient client = clients.scratch(row.plugin(), Clients.settings(row, password))) {
            if (!Boolean.FALSE.equals(write.verifyConnection())) {
                client.verify();
            }
        } catch (DatabaseException.Invalid e) {
            throw ArcaException.invalid("connection_url", e.getMessage());
        } catch (DatabaseException e) {
            throw ArcaException.invalid("connection_url", "could not log in to verify the connection: "
                    + e.getMessage() + " (fix the settings, or set verify_connection to false)");
        }
        return () -> {
            if (existing.isPresent()) {
                store.update(row);
            } else {
                store.insert(row);
            }
            if (write.password() != null || existing.isEmpty()) {
                passwords.create(vaultId, Clients.rootOwner(row.id()), password, by);
            }
            db.afterCommit(() -> clients.evict(row.id()));
            return row.view();
        };
    }

    DatabaseSecrets.Connection get(String vaultRef, String name) {
        return row(vaultId(vaultRef), name).view();
    }

    List<DatabaseSecrets.Connection> list(String vaultRef) {
        return store.list(vaultId(vaultRef)).stream().map(ConnectionRow::view).toList();
    }

    /** {@code DELETE …/config/{name}}: refused while a role names it or a lease still owes a revocation through it. */
    void delete(String vaultRef, String name) {
        ConnectionRow row = row(vaultId(vaultRef), name);
        if (store.inUse(row.id())) {
            throw ArcaException.conflict("connection " + name + " is named by a role or static role: delete those "
                    + "first");
        }
        int owed = store.owedLeases(row.id());
        if (owed > 0) {
            throw ArcaException.conflict("connection " + name + " still has " + owed + " lease(s) whose users must "
                    + "be dropped through it: revoke them first (arca lease revoke-prefix database/creds/)");
        }
        store.delete(row.id());
        passwords.delete(row.vaultId(), Clients.rootOwner(row.id()));
        db.afterCommit(() -> clients.evict(row.id()));
    }

    /** {@code POST …/config/{name}/verify}: logs in now (also settles a root rotation a crash left pending). */
    void verify(String vaultRef, String name) {
        ConnectionRow row = usable(row(vaultId(vaultRef), name));
        try {
            clients.of(row).verify();
        } catch (DatabaseException e) {
            throw Failures.answer(name, e);
        }
    }

    /**
     * {@code POST …/rotate-root/{name}}: a new root password that only Arca knows. Written ahead (committed as
     * pending) before the database changes it, committed after: a crash between the two leaves both passwords in
     * the vault, and {@link #usable} settles on the one the database takes. Runs outside the request's
     * transaction; the supplier answers.
     */
    Supplier<DatabaseSecrets.RootRotated> rotateRoot(String vaultRef, String name, String by) {
        ConnectionRow row = usable(row(vaultId(vaultRef), name));
        String owner = Clients.rootOwner(row.id());
        SecretText next = Passwords.generate(Passwords.DEFAULT_LENGTH);
        db.inTransaction(() -> {
            passwords.writeAhead(row.vaultId(), owner, next, by);
            store.rootRotation(row.id(), "pending", null, clock.instant());
            return null;
        });
        try {
            clients.of(row).setPassword(row.username(), next, List.of());
        } catch (DatabaseException e) {
            db.inTransaction(() -> {
                passwords.abandon(row.vaultId(), owner, by);
                store.rootRotation(row.id(), null, null, clock.instant());
                return null;
            });
            throw Failures.answer(name, e);
        }
        return () -> {
            Instant now = clock.instant();
            passwords.promote(row.vaultId(), owner, by);
            store.rootRotation(row.id(), null, now, now);
            db.afterCommit(() -> clients.evict(row.id()));
            return new DatabaseSecrets.RootRotated(name, now);
        };
    }

    /**
     * The connection, with a root rotation that a crash interrupted settled first: if the database takes the
     * pending password it becomes the current one, else the pending one is dropped. A rotation younger than
     * {@link #ROTATION_TAKES} may still be under way in another request, so it is left alone: settling it then
     * could drop the password the database is just being given.
     */
    ConnectionRow usable(ConnectionRow row) {
        if (row.rootRotation() == null || row.updatedAt().isAfter(clock.instant().minus(ROTATION_TAKES))) {
            return row;
        }
        String owner = Clients.rootOwner(row.id());
        Optional<SecretText> pending = passwords.pending(row.vaultId(), owner);
        boolean pendingWorks = pending.isPresent() && !clients.logsIn(row, passwords.current(row.vaultId(), owner))
                && clients.logsIn(row, pending.get());
        db.inTransaction(() -> {
            if (pendingWorks) {
                passwords.promote(row.vaultId(), owner, "arca");
                store.rootRotation(row.id(), null, clock.instant(), clock.instant());
            } else {
                passwords.abandon(row.vaultId(), owner, "arca");
                store.rootRotation(row.id(), null, null, clock.instant());
            }
            return null;
        });
        return store.byId(row.id()).orElseThrow();
    }

    ConnectionRow row(String vaultId, String name) {
        return store.byName(vaultId, name).orElseThrow(() -> ArcaException.notFound("no database connection "
                + name + " in this vault"));
    }

    Optional<ConnectionRow> byId(String id) {
        return store.byId(id);
    }

    private static void requireName(@Nullable String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ArcaException.invalid("name", "a connection name is 1-64 lower-case letters, digits, '_' or '-', "
                    + "starting with a letter or digit");
        }
    }
}
