package dev.arca.server.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Real databases for tests: a SQLite file in a temp dir, or a fresh PostgreSQL database on 127.0.0.1:5432
 * (dropped afterwards). When PostgreSQL is unreachable the PostgreSQL half of a suite is skipped, and it says so
 * loudly; with {@code ARCA_REQUIRE_POSTGRES=1} (set by CI) an unreachable PostgreSQL fails the build instead.
 */
public final class TestDatabases {
    public static final String POSTGRES_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private TestDatabases() {}

    /** A {@code --storage} URL of a new, empty PostgreSQL database; empty when none is reachable (outside CI). */
    public static Optional<String> freshPostgres() {
        String name = "arca_test_" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(POSTGRES_ADMIN_URL)) {
            c.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            if ("1".equals(System.getenv("ARCA_REQUIRE_POSTGRES"))) {
                throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 is required (ARCA_REQUIRE_POSTGRES=1) "
                        + "but unreachable: " + e.getMessage(), e);
            }
            System.err.println("*** SKIPPING the PostgreSQL storage tests: no PostgreSQL on 127.0.0.1:5432 ("
                    + e.getMessage() + ") ***");
            return Optional.empty();
        }
        CREATED.add(name);
        return Optional.of("postgresql://postgres@127.0.0.1:5432/" + name);
    }

    private static final List<String> CREATED = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAll));
    }

    private static synchronized void dropAll() {
        try (Connection c = DriverManager.getConnection(POSTGRES_ADMIN_URL)) {
            for (String name : CREATED) {
                c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            System.err.println("could not drop test databases " + CREATED + ": " + e.getMessage());
        }
    }
}
