package dev.arca.server.database;

import dev.arca.api.DatabaseSecrets;
import dev.arca.api.Durations;
import dev.arca.server.database.plugin.DatabaseException;
import dev.arca.server.database.plugin.PluginDefaults;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Dynamic roles ({@code docs/API-database.md}, roles): which connection, which statements (empty = the plugin's
 * defaults), the username template and password policy, and the TTLs. A role's creation statements are checked
 * against its database when it is written ({@link dev.arca.server.database.plugin.DatabaseClient#check}), so a
 * syntax error is refused then, with the database's message, rather than on the first request for credentials.
 */
final class RoleService {
    static final Duration DEFAULT_TTL = Duration.ofHours(1);
    static final Duration DEFAULT_MAX_TTL = Duration.ofHours(24);
    /** The longest any dynamic credential may live: Vault's default system max_ttl. */
    static final Duration LONGEST = Duration.ofDays(32);

    private final RoleStore store;
    private final ConnectionService connections;
    private final Clients clients;
    private final Plugins plugins;
    private final Clock clock;

    RoleService(Database db, ConnectionService connections, Clients clients, Plugins plugins, Clock clock) {
        this.store = new RoleStore(db);
        this.connections = connections;
        this.clients = clients;
        this.plugins = plugins;
        this.clock = clock;
    }

    /** {@code PUT …/roles/{name}}: checked (statements against the database) before the transaction; stored in it. */
    Supplier<DatabaseSecrets.Role> preparePut(String vaultRef, String name, DatabaseSecrets.RoleWrite write) {
        String vaultId = connections.vaultId(vaultRef);
        if (!ConnectionService.NAME.matcher(name).matches()) {
            throw ArcaException.invalid("name", "a role name is 1-64 lower-case letters, digits, '_' or '-', starting "
                    + "with a letter or digit");
        }
        if (write.connection() == null || write.connection().isBlank()) {
            throw ArcaException.invalid("connection", "connection (the database connection's name) is required");
        }
        ConnectionRow connection = connections.row(vaultId, write.connection());
        PluginDefaults defaults = plugins.named(connection.plugin()).defaults();
        String template = write.usernameTemplate() == null ? defaults.usernameTemplate() : write.usernameTemplate();
        UsernameTemplate.parse(template, name, defaults.maxUsernameLength());
        int length = write.passwordPolicy() == null || write.passwordPolicy().length() == null
                ? Passwords.DEFAULT_LENGTH : write.passwordPolicy().length();
        if (length < Passwords.MIN_LENGTH || length > Passwords.MAX_LENGTH) {
            throw ArcaException.invalid("password_policy", "password_policy.length must be " + Passwords.MIN_LENGTH
                    + " to " + Passwords.MAX_LENGTH);
        }
        Duration ttl = duration("default_ttl", write.defaultTtl(), DEFAULT_TTL);
        Duration maxTtl = duration("max_ttl", write.maxTtl(), DEFAULT_MAX_TTL);
        if (ttl.compareTo(maxTtl) > 0) {
            throw ArcaException.invalid("default_ttl", "default_ttl " + Durations.format(ttl) + " is longer than "
                    + "max_ttl " + Durations.format(maxTtl));
        }
        var completed = new DatabaseSecrets.RoleWrite(connection.name(), list(write.creationStatements()),
                list(write.revocationStatements()), list(write.renewStatements()), list(write.rollbackStatements()),
                template, new DatabaseSecrets.PasswordPolicy(length), asTyped(write.defaultTtl(), ttl),
                asTyped(write.maxTtl(), maxTtl));
        List<String> creation = completed.creationStatements().isEmpty() ? defaults.creation()
                : completed.creationStatements();
        try {
            clients.of(connections.usable(connection)).check(creation);
        } catch (DatabaseException.Failed e) {
            throw ArcaException.invalid("creation_statements", "the database refused the creation statements: "
                    + e.getMessage());
        } catch (DatabaseException e) {
            throw Failures.answer(connection.name(), e);
        }
        return () -> {
            Instant now = clock.instant();
            var existing = store.find(vaultId, name);
            var row = new RoleStore.Row(existing.map(RoleStore.Row::id).orElseGet(() -> Ids.newId("dbrole_")),
                    vaultId, name, connection.id(), completed,
                    existing.map(RoleStore.Row::createdAt).orElse(now), now);
            store.put(row);
            return view(row);
        };
    }

    DatabaseSecrets.Role get(String vaultRef, String name) {
        return view(row(connections.vaultId(vaultRef), name));
    }

    List<DatabaseSecrets.Role> list(String vaultRef) {
        return store.list(connections.vaultId(vaultRef)).stream().map(RoleService::view).toList();
    }

    /** {@code DELETE …/roles/{name}}: its leases keep what their revocation needs, so none is orphaned. */
    void delete(String vaultRef, String name) {
        if (!store.delete(connections.vaultId(vaultRef), name)) {
            throw notFound(name);
        }
    }

    RoleStore.Row row(String vaultId, String name) {
        return store.find(vaultId, name).orElseThrow(() -> notFound(name));
    }

    static DatabaseSecrets.Role view(RoleStore.Row row) {
        var body = row.body();
        return new DatabaseSecrets.Role(row.id(), row.name(), body.connection(), list(body.creationStatements()),
                list(body.revocationStatements()), list(body.renewStatements()), list(body.rollbackStatements()),
                String.valueOf(body.usernameTemplate()), body.passwordPolicy() == null
                        ? new DatabaseSecrets.PasswordPolicy(Passwords.DEFAULT_LENGTH) : body.passwordPolicy(),
                String.valueOf(body.defaultTtl()), String.valueOf(body.maxTtl()), row.createdAt(), row.updatedAt());
    }

    /** A duration as the caller wrote it ({@code 48h} stays {@code 48h}), or the default's own form. */
    private static String asTyped(@Nullable String text, Duration parsed) {
        return text == null ? Durations.format(parsed) : text.trim();
    }

    static Duration duration(String field, @Nullable String text, Duration absent) {
        if (text == null) {
            return absent;
        }
        Duration parsed;
        try {
            parsed = Durations.parse(text, LONGEST);
        } catch (IllegalArgumentException e) {
            throw ArcaException.invalid(field, field + ": " + e.getMessage());
        }
        if (parsed.isZero()) {
            throw ArcaException.invalid(field, field + " must be at least 1s");
        }
        return parsed;
    }

    private static List<String> list(@Nullable List<String> statements) {
        return statements == null ? List.of() : List.copyOf(statements);
    }

    private static ArcaException notFound(String name) {
        return ArcaException.notFound("no database role " + name + " in this vault");
    }
}
