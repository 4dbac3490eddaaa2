package dev.arca.server.database;

import dev.arca.api.DatabaseSecrets;
import dev.arca.api.Durations;
import dev.arca.api.Lease;
import dev.arca.api.SecretText;
import dev.arca.server.database.plugin.DatabaseClient;
import dev.arca.server.database.plugin.DatabaseException;
import dev.arca.server.database.plugin.NewUser;
import dev.arca.server.database.plugin.PluginDefaults;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import dev.arca.server.lease.DynamicLeases;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Dynamic credentials ({@code GET|POST …/database/creds/{role}}): a new database user per request, on a lease that
 * drops it when it ends. In order, so that no user ever exists without something that will drop it: an intent is
 * committed ({@link IntentStore}); the user is created in the database (outside the request's transaction); then,
 * in the transaction, the lease is stored and the intent deleted. A crash after the intent leaves it for
 * {@link IntentSweep}; a creation that fails is rolled back by the plugin and its intent deleted.
 */
final class CredentialService {
    private final Database db;
    private final ConnectionService connections;
    private final RoleService roles;
    private final Clients clients;
    private final Plugins plugins;
    private final IntentStore intents;
    private final DynamicLeases leases;
    private final Clock clock;

    CredentialService(Database db, ConnectionService connections, RoleService roles, Clients clients, Plugins plugins,
            DynamicLeases leases, Clock clock) {
        this.db = db;
        this.connections = connections;
        this.roles = roles;
        this.clients = clients;
        this.plugins = plugins;
        this.intents = new IntentStore(db);
        this.leases = leases;
        this.clock = clock;
    }

    /** Makes the user; the supplier (run inside the request's transaction) stores its lease and answers. */
    Supplier<DatabaseSecrets.Credentials> prepare(String vaultRef, String roleName, @Nullable String ttlText,
            Principal caller) {
        String vaultId = connections.vaultId(vaultRef);
        RoleStore.Row role = roles.row(vaultId, roleName);
        ConnectionRow connection = connections.usable(connections.byId(role.connectionId()).orElseThrow());
        if (!connection.allows(roleName)) {
            throw ArcaException.denied("role " + roleName + " is not in database connection " + connection.name()
                    + "'s allowed_roles");
        }
        var body = role.body();
        Duration maxTtl = RoleService.duration("max_ttl", body.maxTtl(), RoleService.DEFAULT_MAX_TTL);
        Duration ttl = RoleService.duration("ttl", ttlText == null ? body.defaultTtl() : ttlText,
                RoleService.DEFAULT_TTL);
        var warnings = new ArrayList<String>();
        if (ttl.compareTo(maxTtl) > 0) {
            warnings.add("ttl " + Durations.format(ttl) + " is longer than role " + roleName + "'s max_ttl "
                    + Durations.format(maxTtl) + ": clamped to " + Durations.format(maxTtl));
            ttl = maxTtl;
        }
        PluginDefaults defaults = plugins.named(connection.plugin()).defaults();
        Instant now = clock.instant();
        String username = UsernameTemplate.stored(String.valueOf(body.usernameTemplate())).render(roleName,
                displayName(caller), now, defaults.maxUsernameLength());
        int length = body.passwordPolicy() == null || body.passwordPolicy().length() == null
                ? Passwords.DEFAULT_LENGTH : body.passwordPolicy().length();
        SecretText password = Passwords.generate(length);
        var user = new NewUser(username, password, now.plus(ttl));
        String revocation = new Revocation(vaultId, connection.id(), username, list(body.revocationStatements()),
                list(body.renewStatements())).json();
        var intent = new IntentStore.Intent(Ids.newId("dbintent_"), vaultId, connection.id(), username, revocation,
                now.toEpochMilli());
        db.inTransaction(() -> {
            intents.insert(intent);
            return null;
        });
        create(connection, user, body.creationStatements().isEmpty() ? defaults.creation()
                : body.creationStatements(), intent);
        Duration leaseTtl = ttl;
        return () -> {
            Lease lease = leases.open(vaultId, DatabaseLeaseBackend.KIND, "database/creds/" + roleName,
                    caller.subject(), leaseTtl, maxTtl, revocation);
            intents.delete(intent.id());
            return new DatabaseSecrets.Credentials(lease.leaseId(), leaseTtl.toSeconds(), true,
                    new DatabaseSecrets.Data(username, password, loginUrl(connection.url(), username)),
                    lease.expiresAt(), lease.maxExpiresAt(), warnings);
        };
    }

    /**
     * Runs the creation statements. When the database refused them the plugin has undone what ran, so the intent
     * goes; when it became unreachable midway the user may exist, so the intent stays for the sweep.
     */
    private void create(ConnectionRow connection, NewUser user, List<String> creation, IntentStore.Intent intent) {
        DatabaseClient client = clients.of(connection);
        try {
            client.create(user, creation);
        } catch (DatabaseException.Failed e) {
            db.inTransaction(() -> {
                intents.delete(intent.id());
                return null;
            });
            throw Failures.answer(connection.name(), e);
        } catch (DatabaseException e) {
            throw Failures.answer(connection.name(), e);
        }
    }

    /** The connection's URL with the new user in it, e.g. {@code postgresql://v_ro_x@127.0.0.1:5432/app}. */
    static String loginUrl(String url, String username) {
        int scheme = url.indexOf("://");
        return scheme < 0 ? url : url.substring(0, scheme + 3) + username + "@" + url.substring(scheme + 3);
    }

    private static String displayName(Principal caller) {
        String subject = caller.subject();
        int colon = subject.indexOf(':');
        return colon < 0 ? subject : subject.substring(colon + 1);
    }

    private static List<String> list(@Nullable List<String> statements) {
        return statements == null ? List.of() : statements;
    }
}
