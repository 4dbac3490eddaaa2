package dev.arca.server.database.plugin;

import dev.arca.api.SecretText;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where a plugin's server is and how Arca logs in to it as the connection's root (privileged) user.
 *
 * @param url the plugin's URL without credentials: {@code postgresql://host:port/db},
 *     {@code mysql://host:port[/db]}, {@code redis://host:port}; query parameters the driver understands pass through
 * @param username the root user Arca logs in as
 * @param password its password, never logged or answered
 * @param maxOpenConnections the pool's size
 * @param connectTimeout how long opening a connection may take before the server counts as unavailable
 * @param tls how to secure the connection
 */
public record ConnectionSettings(String url, String username, SecretText password, int maxOpenConnections,
        Duration connectTimeout, Tls tls) {

    /**
     * TLS to the database: {@code enabled} with the server's certificate checked against {@code caPem} (or the
     * JDK's trust store when null) and its host name verified, unless {@code skipVerify} (testing only).
     */
    public record Tls(boolean enabled, @Nullable String caPem, boolean skipVerify) {
        public static final Tls OFF = new Tls(false, null, false);
    }
}
