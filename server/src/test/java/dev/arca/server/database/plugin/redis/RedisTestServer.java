package dev.arca.server.database.plugin.redis;

import dev.arca.api.SecretText;
import dev.arca.server.database.plugin.ConnectionSettings;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The real Redis on 127.0.0.1:6379, its {@code default} user without a password. When it is unreachable the Redis
 * tests are skipped, and say so loudly; with {@code ARCA_REQUIRE_REDIS=1} (set by CI) they fail instead.
 */
public final class RedisTestServer {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = 6379;
    static final String URL = "redis://" + HOST + ":" + PORT;

    private RedisTestServer() {}

    /** Skips the calling test class (or fails it under ARCA_REQUIRE_REDIS=1) when Redis does not answer PING. */
    public static void assumeReachable() {
        try (Jedis admin = admin()) {
            admin.ping();
        } catch (JedisException e) {
            if ("1".equals(System.getenv("ARCA_REQUIRE_REDIS"))) {
                throw new IllegalStateException("Redis on " + HOST + ":" + PORT + " is required (ARCA_REQUIRE_REDIS=1) "
                        + "but unreachable: " + e.getMessage(), e);
            }
            System.err.println("*** SKIPPING the Redis tests: no Redis on " + HOST + ":" + PORT + " ("
                    + e.getMessage() + ") ***");
            Assumptions.abort("Redis on " + HOST + ":" + PORT + " is not reachable: skipping");
        }
    }

    /** A connection as the password-less {@code default} user, for setting up and inspecting. */
    public static Jedis admin() {
        return new Jedis(new HostAndPort(HOST, PORT), DefaultJedisClientConfig.builder().timeoutMillis(2000).build());
    }

    /**
     * A connection logged in as {@code username}; throws when Redis refuses the login. A user without
     * {@code +ping} is logged in all the same: Redis answers NOPERM only to an authenticated client.
     */
    public static Jedis loggedIn(String username, String password) {
        return loggedIn(PORT, username, password);
    }

    static Jedis loggedIn(int port, String username, String password) {
        var jedis = new Jedis(new HostAndPort(HOST, port), DefaultJedisClientConfig.builder().timeoutMillis(2000)
                .user(username).password(password).build());
        try {
            jedis.ping();
            return jedis;
        } catch (JedisDataException e) {
            if (String.valueOf(e.getMessage()).startsWith("NOPERM")) {
                return jedis;
            }
            jedis.close();
            throw e;
        } catch (RuntimeException e) {
            jedis.close();
            throw e;
        }
    }

    /** The plugin's settings for the {@code default} root user. */
    static ConnectionSettings settings() {
        return settings(URL, "default", "");
    }

    static ConnectionSettings settings(String url, String username, String password) {
        return new ConnectionSettings(url, username, SecretText.of(password), 4, Duration.ofSeconds(2),
                ConnectionSettings.Tls.OFF);
    }
}
