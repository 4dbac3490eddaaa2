package dev.arca.server.storage;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the data lives: {@code sqlite:/path/arca.db} (the default, under the data dir) or
 * {@code postgresql://user:password@host:port/database?param=…}. {@link #toString()} never shows the password.
 */
public record StorageUrl(Kind kind, String jdbcUrl, @Nullable Path sqliteFile, Optional<String> user,
        Optional<String> password) {
    public enum Kind { SQLITE, POSTGRESQL }

    public static StorageUrl sqlite(Path file) {
        return new StorageUrl(Kind.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath(), file, Optional.empty(),
                Optional.empty());
    }

    /** Parses {@code --storage}: a {@code postgresql://} or {@code postgres://} URL, or {@code sqlite:FILE}. */
    public static StorageUrl parse(String value) {
        if (value.startsWith("sqlite:")) {
            return sqlite(Path.of(value.substring("sqlite:".length())));
        }
        if (!value.startsWith("postgresql://") && !value.startsWith("postgres://")) {
            throw new IllegalArgumentException(
                    "storage must be sqlite:FILE or postgresql://user[:password]@host[:port]/database");
        }
        URI uri = URI.create(value.replaceFirst("^postgres(ql)?://", "postgresql://"));
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new IllegalArgumentException("a postgresql storage URL needs a host and a database name, "
                    + "e.g. postgresql://postgres@127.0.0.1:5432/arca");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = Optional.of(decode(parts[0]));
            if (parts.length == 2) {
                password = Optional.of(decode(parts[1]));
            }
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query;
        return new StorageUrl(Kind.POSTGRESQL, jdbc, null, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return kind == Kind.SQLITE ? "sqlite:" + sqliteFile : jdbcUrl + user.map(u -> " (user " + u + ")").orElse("");
    }
}
