package dev.arca.server.database.plugin.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** What a client does on one pooled connection, answering nothing. */
@FunctionalInterface
public interface SqlAction {
    void run(Connection connection) throws SQLException;
}
