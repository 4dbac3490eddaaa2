package dev.arca.server.database;

import dev.arca.api.SecretText;
import dev.arca.server.database.plugin.ConnectionSettings;
import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * The real database servers the plugin tests make users in: PostgreSQL on 127.0.0.1:5432 (user postgres, trust,
 * database test) and MariaDB on 127.0.0.1:3306 (root, no password). An unreachable server skips its tests and
 * says so loudly; with {@code ARCA_REQUIRE_POSTGRES=1} / {@code ARCA_REQUIRE_MARIADB=1} (set by CI) it fails them.
 * A missing client binary ({@code psql}, {@code mariadb}) skips the same way.
 */
public final class TestServers {
    public static final String POSTGRES_ROOT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    public static final String MARIADB_ROOT_URL = "jdbc:mariadb://127.0.0.1:3306/?user=root&sslMode=disable";
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private TestServers() {}

    /** The connection settings of the local PostgreSQL's root user; skips the test when it is unreachable. */
    public static ConnectionSettings postgres() {
        require(POSTGRES_ROOT_URL, "PostgreSQL on 127.0.0.1:5432", "ARCA_REQUIRE_POSTGRES");
        return new ConnectionSettings("postgresql://127.0.0.1:5432/test", "postgres", SecretText.of(""), 2,
                CONNECT_TIMEOUT, ConnectionSettings.Tls.OFF);
    }

    /** The connection settings of the local MariaDB's root user; skips the test when it is unreachable. */
    public static ConnectionSettings mariadb() {
        require(MARIADB_ROOT_URL, "MariaDB on 127.0.0.1:3306", "ARCA_REQUIRE_MARIADB");
        return new ConnectionSettings("mysql://127.0.0.1:3306", "root", SecretText.of(""), 2, CONNECT_TIMEOUT,
                ConnectionSettings.Tls.OFF);
    }

    /** A root connection to the server for a test's own setup and checks. */
    public static Connection rootConnection(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl);
    }

    /** The absolute path of a client binary on the PATH; skips the test when there is none. */
    public static String binary(String name) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        System.err.println("*** SKIPPING: the " + name + " client binary is not on the PATH ***");
        Assumptions.abort("the " + name + " client binary is not on the PATH");
        throw new AssertionError("unreachable: Assumptions.abort throws");
    }

    /**
     * Whether the SCRAM-SHA-256 verifier the local PostgreSQL stored for role {@code username} was made from
     * {@code password} (RFC 5802: StoredKey = H(HMAC(PBKDF2(password, salt, i), "Client Key"))). That server trusts
     * every login from 127.0.0.1, so a login proves nothing about a password; this does.
     */
    public static boolean postgresPasswordIs(String username, SecretText password) throws SQLException {
        String verifier;
        try (Connection root = rootConnection(POSTGRES_ROOT_URL);
                var query = root.prepareStatement("SELECT rolpassword FROM pg_authid WHERE rolname = ?")) {
            query.setString(1, username);
            try (var rows = query.executeQuery()) {
                if (!rows.next() || rows.getString(1) == null) {
                    throw new AssertionError("role " + username + " has no stored password");
                }
                verifier = rows.getString(1);
            }
        }
        // SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>
        String[] parts = verifier.split("[$:]");
        if (!parts[0].equals("SCRAM-SHA-256")) {
            throw new AssertionError("PostgreSQL stores passwords as SCRAM verifiers here, not " + parts[0]);
        }
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = java.util.Base64.getDecoder().decode(parts[2]);
        byte[] storedKey = java.util.Base64.getDecoder().decode(parts[3]);
        try {
            byte[] salted = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(
                    new javax.crypto.spec.PBEKeySpec(password.reveal().toCharArray(), salt, iterations, 256))
                    .getEncoded();
            var hmac = javax.crypto.Mac.getInstance("HmacSHA256");
            hmac.init(new javax.crypto.spec.SecretKeySpec(salted, "HmacSHA256"));
            byte[] clientKey = hmac.doFinal("Client Key".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return java.security.MessageDigest.isEqual(storedKey,
                    java.security.MessageDigest.getInstance("SHA-256").digest(clientKey));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** What a client process printed (stdout and stderr together) and how it exited. */
    public record Ran(int exitCode, String output) {}

    /** Runs a client process to its end (at most 20 s), {@code environment} added to its own. */
    public static Ran run(java.util.List<String> command, java.util.Map<String, String> environment)
            throws java.io.IOException, InterruptedException {
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.getFirst() + " did not finish in 20 s");
        }
        return new Ran(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void require(String jdbcUrl, String server, String requireVariable) {
        try {
            DriverManager.getConnection(jdbcUrl).close();
        } catch (SQLException e) {
            if ("1".equals(System.getenv(requireVariable))) {
                throw new IllegalStateException(server + " is required (" + requireVariable + "=1) but unreachable: "
                        + e.getMessage(), e);
            }
            System.err.println("*** SKIPPING the database plugin tests: no " + server + " (" + e.getMessage()
                    + ") ***");
            Assumptions.abort(server + " is not reachable: " + e.getMessage());
        }
    }
}
