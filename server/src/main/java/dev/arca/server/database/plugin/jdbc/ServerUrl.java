package dev.arca.server.database.plugin.jdbc;

import dev.arca.server.database.plugin.DatabaseException;
import java.net.URI;
import java.net.URISyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A SQL plugin's URL, {@code scheme://host[:port][/database][?query]}: where the server is, never who logs in —
 * credentials come only from the connection's username and password, so a URL with user info is refused rather
 * than half-used.
 *
 * @param database empty when the URL names none (the driver's default)
 * @param query the driver parameters to pass through, empty when none
 */
public record ServerUrl(String host, int port, String database, String query) {

    /** @throws DatabaseException.Invalid naming what is wrong with {@code url} */
    public static ServerUrl parse(String url, String scheme, int defaultPort) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new DatabaseException.Invalid("the connection URL is not a URL (" + e.getReason() + "); expected "
                    + scheme + "://host:port/database");
        }
        if (!scheme.equals(uri.getScheme()) || uri.getHost() == null) {
            throw new DatabaseException.Invalid("the connection URL must be " + scheme + "://host:port/database");
        }
        if (uri.getRawUserInfo() != null) {
            throw new DatabaseException.Invalid("the connection URL must not carry credentials; give the username "
                    + "and password as the connection's own fields");
        }
        String path = orEmpty(uri.getPath());
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.contains("/")) {
            throw new DatabaseException.Invalid("the connection URL names one database after the host: "
                    + scheme + "://host:port/database");
        }
        return new ServerUrl(uri.getHost(), uri.getPort() == -1 ? defaultPort : uri.getPort(), database,
                orEmpty(uri.getRawQuery()));
    }

    /** {@code jdbc:<driver>://host:port/database[?query]}. */
    public String jdbcUrl(String driver) {
        return "jdbc:" + driver + "://" + hostAndPort() + "/" + database + (query.isEmpty() ? "" : "?" + query);
    }

    /** {@code host:port}, an IPv6 address bracketed: what a pool's name and an error may show. */
    public String hostAndPort() {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    private static String orEmpty(@Nullable String text) {
        return text == null ? "" : text;
    }
}
