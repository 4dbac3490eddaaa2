package dev.arca.server.database;

import dev.arca.api.DatabaseSecrets;
import dev.arca.api.Durations;
import dev.arca.api.ErrorCode;
import dev.arca.api.SecretText;
import dev.arca.server.database.plugin.DatabaseException;
import dev.arca.server.database.plugin.Templates;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Static roles ({@code docs/API-database.md}): an existing database user whose password Arca sets when the role
 * is written and again every rotation period (and on {@code rotate-role}), kept only in key material (owner
 * {@code static/{id}}). A rotation writes the new password ahead (pending), changes it in the database, then
 * commits it; one the database answered ambiguously, or a crash interrupted, is settled by logging in as the user
 * with each password. Everything here runs outside a request's transaction, each step in its own.
 */
final class StaticRoleService {
    static final Duration DEFAULT_PERIOD = Duration.ofHours(24);
    static final Duration MIN_PERIOD = Duration.ofMinutes(1);
    /** How soon a failed rotation is tried again. */
    static final Duration RETRY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(StaticRoleService.class);

    private final Database db;
    private final StaticRoleStore store;
    private final ConnectionService connections;
    private final RootPasswords passwords;
    private final Clients clients;
    private final Clock clock;

    StaticRoleService(Database db, ConnectionService connections, RootPasswords passwords, Clients clients,
            Clock clock) {
        this.db = db;
        this.store = new StaticRoleStore(db);
        this.connections = connections;
        this.passwords = passwords;
        this.clients = clients;
        this.clock = clock;
    }

    static String owner(String id) {
        return "static/" + id;
    }

    /** {@code PUT …/static-roles/{name}}: the role, and its user's first password set now. */
    DatabaseSecrets.StaticRole put(String vaultRef, String name, DatabaseSecrets.StaticRoleWrite write, String by) {
        String vaultId = connections.vaultId(vaultRef);
        if (!ConnectionService.NAME.matcher(name).matches()) {
            throw ArcaException.invalid("name", "a static role name is 1-64 lower-case letters, digits, '_' or '-', "
                    + "starting with a letter or digit");
        }
        if (write.connection() == null || write.connection().isBlank()) {
            throw ArcaException.invalid("connection", "connection (the database connection's name) is required");
        }
        if (write.username() == null || !Templates.isSafeName(write.username())) {
            throw ArcaException.invalid("username", "username must be the database user's name: letters, digits, "
                    + "'_', '.' or '-'");
        }
        Duration period = RoleService.duration("rotation_period", write.rotationPeriod(), DEFAULT_PERIOD);
        if (period.compareTo(MIN_PERIOD) < 0) {
            throw ArcaException.invalid("rotation_period", "rotation_period must be at least 1m");
        }
        ConnectionRow connection = connections.usable(connections.row(vaultId, write.connection()));
        if (store.find(vaultId, name).isPresent()) {
            throw ArcaException.conflict("static role " + name + " exists: delete it first to change it");
        }
        try {
            if (!clients.of(connection).exists(write.username())) {
                throw ArcaException.invalid("username", "database connection " + connection.name() + " has no user "
                        + write.username());
            }
        } catch (DatabaseException e) {
            throw Failures.answer(connection.name(), e);
        }
        var completed = new DatabaseSecrets.StaticRoleWrite(connection.name(), write.username(),
                Durations.format(period), write.rotationStatements() == null ? List.of()
                        : List.copyOf(write.rotationStatements()));
        Instant now = clock.instant();
        var row = new StaticRoleStore.Row(Ids.newId("dbstatic_"), vaultId, name, connection.id(), completed, null,
                null, now, null, now, now);
        db.inTransaction(() -> {
            store.insert(row);
            passwords.create(vaultId, owner(row.id()), SecretText.of(""), by);
            return null;
        });
        String failure = rotate(row, by);
        if (failure != null) {
            forget(row);
            throw new ArcaException(ErrorCode.UPSTREAM_FAILED, "database connection "
                    + connection.name() + " refused the new password for " + write.username() + ": " + failure);
        }
        return view(store.byId(row.id()).orElseThrow());
    }

    DatabaseSecrets.StaticRole get(String vaultRef, String name) {
        return view(row(connections.vaultId(vaultRef), name));
    }

    List<DatabaseSecrets.StaticRole> list(String vaultRef) {
        return store.list(connections.vaultId(vaultRef)).stream().map(StaticRoleService::view).toList();
    }

    /** {@code DELETE …/static-roles/{name}}: Arca forgets the password; the user stays in the database. */
    void delete(String vaultRef, String name) {
        forget(row(connections.vaultId(vaultRef), name));
    }

    /** {@code GET …/static-creds/{name}}: the current password. */
    DatabaseSecrets.StaticCredentials credentials(String vaultRef, String name) {
        StaticRoleStore.Row row = row(connections.vaultId(vaultRef), name);
        ConnectionRow connection = connections.byId(row.connectionId()).orElseThrow();
        Instant now = clock.instant();
        return new DatabaseSecrets.StaticCredentials(row.body().username(),
                passwords.current(row.vaultId(), owner(row.id())),
                CredentialService.loginUrl(connection.url(), row.body().username()), row.lastRotatedAt(),
                row.nextRotationAt(), Math.max(0, Duration.between(now, row.nextRotationAt()).toSeconds()));
    }

    /** {@code POST …/rotate-role/{name}}: a new password now; 502 with the database's answer if it refused. */
    DatabaseSecrets.StaticRole rotateNow(String vaultRef, String name, String by) {
        StaticRoleStore.Row row = row(connections.vaultId(vaultRef), name);
        String failure = rotate(row, by);
        if (failure != null) {
            throw new ArcaException(ErrorCode.UPSTREAM_FAILED, "the database refused the new password "
                    + "for " + row.body().username() + ": " + failure + " (the previous password still works)");
        }
        return view(store.byId(row.id()).orElseThrow());
    }

    /** The rotation job's pass: every due role rotated once, each claimed first so one node does it. */
    int rotateDue() {
        int rotated = 0;
        Instant now = clock.instant();
        for (StaticRoleStore.Row row : store.due(now, 50)) {
            boolean claimed = db.inTransaction(() -> store.claim(row, now.plus(ConnectionService.ROTATION_TAKES)));
            if (claimed && rotate(row, "arca") == null) {
                rotated++;
            }
        }
        return rotated;
    }

    /**
     * One rotation: written ahead, changed in the database, committed; null when it worked, else what went wrong
     * (recorded on the role, which is tried again after {@link #RETRY}). A database that may have taken the new
     * password although it answered an error is asked by logging in with it.
     */
    private @Nullable String rotate(StaticRoleStore.Row row, String by) {
        String owner = owner(row.id());
        SecretText next = Passwords.generate(Passwords.DEFAULT_LENGTH);
        Instant started = clock.instant();
        settleInterrupted(row, owner, by);
        db.inTransaction(() -> {
            passwords.writeAhead(row.vaultId(), owner, next, by);
            store.rotation(row.id(), "pending", null, started.plus(ConnectionService.ROTATION_TAKES), null, started);
            return null;
        });
        ConnectionRow connection = connections.byId(row.connectionId()).map(connections::usable).orElseThrow();
        String failure = null;
        try {
            clients.of(connection).setPassword(row.body().username(), next, row.body().rotationStatements());
        } catch (DatabaseException e) {
            // an error after the change reached the database (a dropped connection) may hide that it took it
            boolean tookIt = clients.logsInAs(connection, row.body().username(), next);
            failure = tookIt ? null : String.valueOf(e.getMessage());
        }
        String error = failure;
        Instant now = clock.instant();
        Duration period = RoleService.duration("rotation_period", row.body().rotationPeriod(), DEFAULT_PERIOD);
        db.inTransaction(() -> {
            if (error == null) {
                passwords.promote(row.vaultId(), owner, by);
                store.rotation(row.id(), null, now, now.plus(period), null, now);
            } else {
                passwords.abandon(row.vaultId(), owner, by);
                store.rotation(row.id(), null, null, now.plus(RETRY), error, now);
            }
            return null;
        });
        if (error != null) {
            LOG.warn("rotating static role {} failed, retried in {}: {}", row.name(), Durations.format(RETRY), error);
        }
        return error;
    }

    /** A rotation a crash left pending: the pending password wins if the database takes it. */
    private void settleInterrupted(StaticRoleStore.Row row, String owner, String by) {
        if (row.rotation() == null) {
            return;
        }
        var pending = passwords.pending(row.vaultId(), owner);
        ConnectionRow connection = connections.byId(row.connectionId()).orElseThrow();
        if (pending.isPresent() && clients.logsInAs(connection, row.body().username(), pending.get())) {
            passwords.promote(row.vaultId(), owner, by);
        } else {
            passwords.abandon(row.vaultId(), owner, by);
        }
    }

    private void forget(StaticRoleStore.Row row) {
        db.inTransaction(() -> {
            store.delete(row.id());
            passwords.delete(row.vaultId(), owner(row.id()));
            return null;
        });
    }

    private StaticRoleStore.Row row(String vaultId, String name) {
        return store.find(vaultId, name).orElseThrow(() -> ArcaException.notFound("no static database role " + name
                + " in this vault"));
    }

    static DatabaseSecrets.StaticRole view(StaticRoleStore.Row row) {
        var body = row.body();
        return new DatabaseSecrets.StaticRole(row.id(), row.name(), body.connection(), body.username(),
                String.valueOf(body.rotationPeriod()), body.rotationStatements() == null ? List.of()
                        : body.rotationStatements(), row.lastRotatedAt(), row.nextRotationAt(), row.lastError(),
                row.createdAt(), row.updatedAt());
    }
}
