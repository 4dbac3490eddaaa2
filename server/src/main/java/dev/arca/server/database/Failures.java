package dev.arca.server.database;

import dev.arca.api.ErrorCode;
import dev.arca.server.database.plugin.DatabaseException;
import dev.arca.server.error.ArcaException;

/** A plugin's failure as an answer: 503 when the database is down, 502 with its message when it refused. */
final class Failures {
    private Failures() {}

    static ArcaException answer(String connection, DatabaseException e) {
        return switch (e) {
            case DatabaseException.Unavailable u -> ArcaException.unavailable("database connection " + connection
                    + " is unavailable: " + u.getMessage() + "; try again once it is back");
            case DatabaseException.Failed f -> new ArcaException(ErrorCode.UPSTREAM_FAILED, "database connection "
                    + connection + " refused the statements: " + f.getMessage());
            case DatabaseException.Invalid i -> ArcaException.invalid("connection_url", i.getMessage());
        };
    }
}
