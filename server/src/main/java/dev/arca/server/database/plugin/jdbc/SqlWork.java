package dev.arca.server.database.plugin.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** What a client does on one pooled connection. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
