package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.DatabaseSecrets;
import dev.arca.api.Lease;
import dev.arca.api.SecretText;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database engine through {@link ArcaClient#database()} and {@link ArcaClient#dynamic()} only, against a real
 * server and the real PostgreSQL on 127.0.0.1:5432 (user postgres, trust, db test), on the SDK's Java 17: a
 * connection and a role, credentials whose close drops the user, a clamped ttl, and revoke-prefix. This PostgreSQL
 * trusts logins from 127.0.0.1, so a login proves the user exists, and a dropped one is "role … does not exist".
 * Skipped loudly without PostgreSQL; failing instead with {@code ARCA_REQUIRE_POSTGRES=1}. (The server's
 * {@code TestServers} is Java 25 bytecode, which this JVM cannot load: the check is mirrored here.)
 */
class DynamicCredentialsIT {
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    @TempDir
    Path dir;

    private RealArca server;
    private ArcaClient root;

    @BeforeEach
    void start() {
        requirePostgres();
        server = RealArca.start(dir.resolve("server"));
        root = server.root();
        root.database().putConnection("pg", DatabaseSecrets.ConnectionWrite.builder("postgresql",
                "postgresql://127.0.0.1:5432/test", "postgres").password(SecretText.of("unused-under-trust"))
                .allowedRoles(List.of("sdk")).build());
        root.database().putRole("sdk", DatabaseSecrets.RoleWrite.builder("pg").usernameTemplate("sdk_{{random 12}}")
                .defaultTtl(Duration.ofMinutes(10)).maxTtl(Duration.ofHours(1)).build());
    }

    @AfterEach
    void stop() {
        if (root != null) {
            root.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void generateCredentials_logsIn_renews_andCloseDropsTheUserOnce() throws Exception {
        DynamicCredentials db = root.dynamic().generateCredentials("database", "sdk", Duration.ofMinutes(5));
        try (db) {
            assertThat(db.username()).startsWith("sdk_");
            assertThat(db.leaseDuration()).isEqualTo(Duration.ofMinutes(5));
            assertThat(db.toString()).doesNotContain(db.password().reveal());
            try (Connection session = login(db.username(), db.password().reveal())) {
                var rs = session.createStatement().executeQuery("SELECT current_user");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(db.username());
            }
            Lease renewed = root.dynamic().renew(db.leaseId(), Duration.ofMinutes(30));
            assertThat(renewed.kind()).isEqualTo("database");
            assertThat(renewed.path()).isEqualTo("database/creds/sdk");
            assertThat(renewed.version()).isNull();
            assertThat(renewed.expiresAt()).isAfter(db.expiresAt());
        }
        assertThat(db.isClosed()).isTrue();
        assertThat(roleExists(db.username())).as("close dropped the user").isFalse();
        assertThatThrownBy(() -> login(db.username(), db.password().reveal())).isInstanceOf(SQLException.class)
                .hasMessageContaining("does not exist");
        db.close();
        assertThatThrownBy(() -> root.leases().get(db.leaseId())).isInstanceOf(LeaseExpiredException.class);
    }

    @Test
    void aTtlOverMaxTtl_isClampedWithAWarning_andRevokePrefixEndsEveryCredentialOfTheRole() throws Exception {
        DynamicCredentials clamped = root.dynamic().generateCredentials("database", "sdk", Duration.ofHours(5));
        assertThat(clamped.leaseDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(clamped.warnings()).isNotEmpty();
        DatabaseSecrets.Credentials other = root.database().credentials("sdk", null);
        assertThat(roleExists(other.data().username())).isTrue();

        assertThat(root.leases().revokePrefix("database/creds/sdk")).isEqualTo(2);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((roleExists(clamped.username()) || roleExists(other.data().username()))
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(roleExists(clamped.username())).as("dropped by the revocation worker").isFalse();
        assertThat(roleExists(other.data().username())).isFalse();
        clamped.close(); // already ended: lease_expired counts as released
        assertThat(clamped.isClosed()).isTrue();
        assertThat(root.leases().irrevocable().data()).isEmpty();

        root.database().deleteRole("sdk");
        root.database().deleteConnection("pg");
        assertThatThrownBy(() -> root.database().connection("pg")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aRoleNotAllowedByTheConnection_isAccessDenied() {
        root.database().putRole("other", DatabaseSecrets.RoleWrite.builder("pg").build());
        assertThatThrownBy(() -> root.dynamic().generateCredentials("database", "other", null))
                .isInstanceOf(AccessDeniedException.class);
    }

    private static Connection login(String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?user=" + user + "&password="
                + password);
    }

    private static boolean roleExists(String user) throws SQLException {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL);
                var query = admin.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, user);
            return query.executeQuery().next();
        }
    }

    private static void requirePostgres() {
        try {
            DriverManager.getConnection(ADMIN_URL).close();
        } catch (SQLException e) {
            if ("1".equals(System.getenv("ARCA_REQUIRE_POSTGRES"))) {
                throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 is required (ARCA_REQUIRE_POSTGRES=1) "
                        + "but unreachable: " + e.getMessage(), e);
            }
            System.err.println("*** SKIPPING DynamicCredentialsIT: no PostgreSQL on 127.0.0.1:5432 ("
                    + e.getMessage() + ") ***");
            Assumptions.abort("PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        }
    }
}
