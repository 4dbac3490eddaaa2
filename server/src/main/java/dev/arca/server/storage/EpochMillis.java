package dev.arca.server.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Times are stored as epoch milliseconds (BIGINT on both backends); these convert the nullable ones. */
public final class EpochMillis {
    private EpochMillis() {}

    /** The instant in {@code column}, or null when the column is NULL. */
    public static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        return value == null ? null : Instant.ofEpochMilli(((Number) value).longValue());
    }

    /** What to bind for {@code instant}: its epoch milliseconds, or null. */
    public static @Nullable Long of(@Nullable Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
