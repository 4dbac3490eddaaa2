package dev.arca.server.database.plugin.redis;

import dev.arca.server.database.plugin.ConnectionSettings;
import dev.arca.server.database.plugin.DatabaseClient;
import dev.arca.server.database.plugin.DatabaseException;
import dev.arca.server.database.plugin.DatabasePlugin;
import dev.arca.server.database.plugin.PluginDefaults;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import redis.clients.jedis.HostAndPort;

/**
 * Redis 6 or newer ({@code redis://host:port}): a credential is an ACL user whose rules are the role's creation
 * list. Redis users have no expiry, so renewal changes nothing and the lease alone decides when the user is
 * revoked; revocation is always the plugin's own (kill the user's clients, delete the user), so a role's
 * revocation, renewal and rollback lists are not used.
 */
public final class RedisPlugin implements DatabasePlugin {
    private static final int DEFAULT_PORT = 6379;
    /** Read-only on every key, as Vault's Redis plugin does with its {@code ["+@read"]} roles. */
    private static final PluginDefaults DEFAULTS = new PluginDefaults(List.of("~*", "+@read"), List.of(), List.of(),
            List.of(), "v_{{role}}_{{random 10}}_{{unix_time}}", 128);

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public PluginDefaults defaults() {
        return DEFAULTS;
    }

    @Override
    public DatabaseClient open(ConnectionSettings settings) {
        return new RedisDatabaseClient(address(settings.url()), settings);
    }

    /** @throws DatabaseException.Invalid for anything but {@code redis://host[:port]} */
    static HostAndPort address(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new DatabaseException.Invalid("url must be redis://host:port; it cannot be parsed");
        }
        if (!"redis".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new DatabaseException.Invalid("url must be redis://host:port (TLS is set with tls.enabled)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new DatabaseException.Invalid("url must not hold credentials: set username and password instead");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null) {
            throw new DatabaseException.Invalid("url must be redis://host:port: ACL users are server-wide, so a "
                    + "database number or query has no meaning here");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        return new HostAndPort(host, uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort());
    }
}
