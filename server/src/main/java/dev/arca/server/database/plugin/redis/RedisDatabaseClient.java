package dev.arca.server.database.plugin.redis;

import dev.arca.api.SecretText;
import dev.arca.server.database.plugin.ConnectionSettings;
import dev.arca.server.database.plugin.DatabaseClient;
import dev.arca.server.database.plugin.DatabaseException;
import dev.arca.server.database.plugin.NewUser;
import dev.arca.server.database.plugin.Templates;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Builder;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A pool of connections to one Redis server, logged in with {@code AUTH username password} as the connection's root
 * user (which needs the {@code @admin} commands {@code ACL} and {@code CLIENT}). Users are made with one
 * {@code ACL SETUSER name reset on >password rule…}, each rule its own argument ({@link AclRules}).
 */
final class RedisDatabaseClient implements DatabaseClient {
    private static final String DEFAULT_USER = "default";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisClient redis;
    private final SecretText rootPassword;

    RedisDatabaseClient(HostAndPort address, ConnectionSettings settings) {
        this.rootPassword = settings.password();
        int timeout = Math.toIntExact(settings.connectTimeout().toMillis());
        var client = DefaultJedisClientConfig.builder().connectionTimeoutMillis(timeout).socketTimeoutMillis(timeout)
                .clientName("arca");
        // the password-less `default` user of a fresh server takes no AUTH; any other root always sends one, so a
        // missing password is refused by Redis rather than silently logging in as `default`
        if (!settings.password().reveal().isEmpty() || !DEFAULT_USER.equals(settings.username())) {
            client.user(settings.username()).password(settings.password().reveal());
        }
        if (settings.tls().enabled()) {
            client.sslOptions(RedisTls.options(settings.tls()));
        }
        var pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.maxOpenConnections());
        pool.setMaxIdle(settings.maxOpenConnections());
        // a full pool answers Unavailable after the connect timeout instead of blocking the request forever
        pool.setMaxWait(settings.connectTimeout());
        // a connection Redis closed (a restart, its idle timeout) is found here, not by the revocation that uses it
        pool.setTestOnBorrow(true);
        pool.setJmxEnabled(false);
        this.redis = RedisClient.builder().hostAndPort(address).clientConfig(client.build()).poolConfig(pool).build();
    }

    @Override
    public void verify() {
        call(redis::ping);
    }

    @Override
    public void check(List<String> creation) {
        String scratch = "arca-check-" + HexFormat.of().formatHex(randomBytes());
        List<String> rules = AclRules.render(creation, scratch);
        call(() -> {
            try {
                // `off` and no password: nobody can log in as the scratch user while it exists
                acl("SETUSER", withPrefix(rules, scratch, "reset", "off"));
            } finally {
                acl("DELUSER", scratch);
            }
            return Boolean.TRUE;
        });
    }

    @Override
    public void create(NewUser user, List<String> creation) {
        List<String> rules = AclRules.render(creation, user.username());
        SecretText password = user.password();
        requireSafe(password);
        call(() -> {
            // ACL SETUSER changes a user that exists; the contract says create must not. Names are random, so the
            // window between the look and the write is theoretical; ACL can run neither in Lua nor conditionally
            if (userExists(user.username())) {
                throw new DatabaseException.Failed("the Redis user " + user.username() + " already exists", null);
            }
            acl("SETUSER", withPrefix(rules, user.username(), "reset", "on", ">" + password.reveal()));
            return Boolean.TRUE;
        }, password);
    }

    /** Redis users have no expiry: the lease decides when the user is revoked. */
    @Override
    public void renew(String username, Instant expiration, List<String> renew) {}

    @Override
    public void revoke(String username, List<String> revocation) {
        call(() -> {
            if (!userExists(username)) {
                return Boolean.FALSE;
            }
            // in this order: no new logins, then the open sessions, then the user. Redis 7 closes a deleted
            // user's sessions itself; the explicit kill does not depend on that
            acl("SETUSER", username, "off");
            killClients(username);
            acl("DELUSER", username);
            return Boolean.TRUE;
        });
    }

    private void killClients(String username) {
        try {
            command(Protocol.Command.CLIENT, BuilderFactory.LONG, "KILL", "USER", username);
        } catch (JedisDataException e) {
            // deleted by hand between the look and the kill: nothing left to end
            if (!String.valueOf(e.getMessage()).contains("No such user")) {
                throw e;
            }
        }
    }

    @Override
    public boolean exists(String username) {
        return call(() -> userExists(username));
    }

    @Override
    public List<String> usersStartingWith(String prefix) {
        return call(() -> {
            List<String> names = command(Protocol.Command.ACL, BuilderFactory.STRING_LIST, "USERS");
            return names.stream().filter(name -> name.startsWith(prefix)).toList();
        });
    }

    /** Statements, when a role gives any, are ACL rules applied with the new password (they cannot set one). */
    @Override
    public void setPassword(String username, SecretText password, List<String> statements) {
        List<String> rules = AclRules.render(statements, username);
        requireSafe(password);
        call(() -> {
            // ACL SETUSER would make a missing user; a password is only ever set on one that exists
            if (!userExists(username)) {
                throw new DatabaseException.Failed("the Redis user " + username + " does not exist", null);
            }
            acl("SETUSER", withPrefix(rules, username, "resetpass", ">" + password.reveal()));
            return Boolean.TRUE;
        }, password);
    }

    @Override
    public void close() {
        redis.close();
    }

    private boolean userExists(String username) {
        return acl("GETUSER", username) != null;
    }

    private @Nullable Object acl(String subcommand, String... arguments) {
        return command(Protocol.Command.ACL, BuilderFactory.RAW_OBJECT, subcommand, arguments);
    }

    private <T> T command(Protocol.Command command, Builder<T> reply, String subcommand, String... arguments) {
        var all = new CommandArguments(command).add(subcommand);
        for (String argument : arguments) {
            all.add(argument);
        }
        return redis.executeCommand(new CommandObject<>(all, reply));
    }

    private <T> T call(Supplier<T> action, SecretText... passwords) {
        try {
            return action.get();
        } catch (JedisConnectionException e) {
            throw new DatabaseException.Unavailable("Redis cannot be reached: " + e.getMessage(), e);
        } catch (JedisDataException e) {
            String message = Templates.scrub(String.valueOf(e.getMessage()), withRoot(passwords));
            if (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH")) {
                throw new DatabaseException.Unavailable("Redis refused the root login: " + message, null);
            }
            // the cause is left out: its message is the unscrubbed one
            throw new DatabaseException.Failed(message, null);
        } catch (JedisException e) {
            // the pool's own failures: none free within the connect timeout
            throw new DatabaseException.Unavailable("no Redis connection is free: " + e.getMessage(), e);
        }
    }

    private SecretText[] withRoot(SecretText... passwords) {
        var all = new ArrayList<SecretText>(List.of(passwords));
        all.add(rootPassword);
        return all.toArray(SecretText[]::new);
    }

    private static void requireSafe(SecretText password) {
        if (!Templates.isSafePassword(password.reveal())) {
            throw new IllegalArgumentException("a password outside the safe alphabet reached a Redis user");
        }
    }

    private static String[] withPrefix(List<String> rules, String... first) {
        var arguments = new ArrayList<String>(List.of(first));
        arguments.addAll(rules);
        return arguments.toArray(String[]::new);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
