package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.DatabaseSecrets;
import dev.arca.api.Lease;
import dev.arca.api.SecretText;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The requests {@link DatabaseOperations} sends to {@code /v1/vaults/{vault}/database/…}, the lease admin calls of
 * {@link LeaseOperations} that dynamic credentials need, and how both read the answers and the errors.
 */
class DatabaseOperationsTest {
    private static final String DB = "/v1/vaults/default/database/";

    private final FakeArca server = new FakeArca();
    private final ArcaClient client = ArcaClient.builder().address(server.address()).token("arca_tok").vault("default")
            .retries(0).build();
    private final DatabaseOperations database = client.database();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void putConnection_sendsTheRootPassword_andTheAnswerHasNone() {
        server.on("PUT " + DB + "config/pg", 200, DatabaseSamples.CONNECTION);
        DatabaseSecrets.Connection connection = database.putConnection("pg", DatabaseSecrets.ConnectionWrite
                .builder("postgresql", "postgresql://127.0.0.1:5432/test", "postgres").password(SecretText.of("r00t"))
                .allowedRoles(List.of("readonly")).maxOpenConnections(4).build());
        assertThat(server.last().body()).isEqualTo("{\"plugin\":\"postgresql\",\"connection_url\":"
                + "\"postgresql://127.0.0.1:5432/test\",\"username\":\"postgres\",\"password\":\"r00t\","
                + "\"allowed_roles\":[\"readonly\"],\"max_open_connections\":4}");
        assertThat(server.last().authorization()).isEqualTo("Bearer arca_tok");
        assertThat(connection.id()).isEqualTo("dbc_1");
        assertThat(connection.allowedRoles()).containsExactly("readonly");
        assertThat(connection.tls().enabled()).isFalse();
        assertThat(connection.rootRotatedAt()).isNull();
    }

    @Test
    void connections_getListVerifyRotateDelete_useTheirRoutes_withTheNameEncoded() {
        server.on("GET " + DB + "config/pg", 200, DatabaseSamples.CONNECTION)
                .on("GET " + DB + "config", 200, DatabaseSamples.CONNECTIONS)
                .on("POST " + DB + "config/pg%2Fmain/verify", 204, "")
                .on("POST " + DB + "rotate-root/pg", 200, "{\"name\":\"pg\",\"rotated_at\":\"2026-12-02T10:00:00Z\"}")
                .on("DELETE " + DB + "config/pg", 204, "");
        assertThat(database.connection("pg").plugin()).isEqualTo("postgresql");
        assertThat(database.connections().data()).extracting(DatabaseSecrets.Connection::name).containsExactly("pg");
        database.verifyConnection("pg/main");
        assertThat(database.rotateRoot("pg").rotatedAt()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
        database.deleteConnection("pg");
        assertThat(server.requests()).extracting(FakeArca.Request::route).containsExactly("GET " + DB + "config/pg",
                "GET " + DB + "config", "POST " + DB + "config/pg%2Fmain/verify", "POST " + DB + "rotate-root/pg",
                "DELETE " + DB + "config/pg");
        assertThat(server.requests().get(2).body()).isEmpty();
    }

    @Test
    void connectionErrors_areTyped_aRoleStillNamingItIsConflict_aDatabaseDownIsUnavailable() {
        server.on("DELETE " + DB + "config/pg", 409, DatabaseSamples.error("conflict", "role readonly names pg"))
                .on("POST " + DB + "config/pg/verify", 503, DatabaseSamples.error("unavailable",
                        "cannot log in to pg: connection refused"))
                .on("PUT " + DB + "config/pg", 400, DatabaseSamples.error("invalid_request",
                        "password is required for a new connection"));
        assertThatThrownBy(() -> database.deleteConnection("pg")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("role readonly names pg");
        assertThatThrownBy(() -> database.verifyConnection("pg")).isInstanceOfSatisfying(UnavailableException.class,
                e -> assertThat(e.statusCode()).isEqualTo(503)).hasMessageContaining("connection refused");
        assertThatThrownBy(() -> database.putConnection("pg", DatabaseSecrets.ConnectionWrite.builder("postgresql",
                "postgresql://127.0.0.1:5432/test", "postgres").build())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("password is required");
        assertThatThrownBy(() -> database.connection("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connection must be given");
    }

    @Test
    void roles_putTheWholeRole_andGetListDelete() {
        server.on("PUT " + DB + "roles/readonly", 200, DatabaseSamples.ROLE)
                .on("GET " + DB + "roles/readonly", 200, DatabaseSamples.ROLE)
                .on("GET " + DB + "roles", 200, DatabaseSamples.ROLES)
                .on("DELETE " + DB + "roles/readonly", 204, "");
        DatabaseSecrets.Role role = database.putRole("readonly", DatabaseSecrets.RoleWrite.builder("pg")
                .creationStatements(List.of("CREATE ROLE \"{{name}}\";")).defaultTtl(Duration.ofHours(1))
                .maxTtl(Duration.ofHours(24)).passwordLength(24).build());
        assertThat(server.last().body()).isEqualTo("{\"connection\":\"pg\",\"creation_statements\":"
                + "[\"CREATE ROLE \\\"{{name}}\\\";\"],\"password_policy\":{\"length\":24},\"default_ttl\":\"1h\","
                + "\"max_ttl\":\"24h\"}");
        assertThat(role.usernameTemplate()).isEqualTo("v_{{role}}_{{random 10}}_{{unix_time}}");
        assertThat(role.passwordPolicy().length()).isEqualTo(24);
        assertThat(database.role("readonly").maxTtl()).isEqualTo("24h");
        assertThat(database.roles().data()).hasSize(1);
        database.deleteRole("readonly");
        assertThat(server.last().route()).isEqualTo("DELETE " + DB + "roles/readonly");
    }

    @Test
    void credentials_postTheTtl_andThePasswordIsASecret() {
        server.on("POST " + DB + "creds/readonly", 200, DatabaseSamples.CREDENTIALS);
        DatabaseSecrets.Credentials creds = database.credentials("readonly", Duration.ofMinutes(30));
        assertThat(server.last().body()).isEqualTo("{\"ttl\":\"30m\"}");
        assertThat(creds.leaseId()).isEqualTo("lease_db1");
        assertThat(creds.leaseDuration()).isEqualTo(3600);
        assertThat(creds.data().username()).isEqualTo("v_readonly_a1b2c3d4e5_1764669600");
        assertThat(creds.data().password().reveal()).isEqualTo(DatabaseSamples.PASSWORD);
        assertThat(creds.toString()).doesNotContain(DatabaseSamples.PASSWORD);

        database.credentials("readonly", null);
        assertThat(server.last().body()).isEqualTo("{}");
        assertThatThrownBy(() -> database.credentials("readonly", Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void credentialsErrors_notAllowedIs403_databaseDownIs503_refusedStatementsIs502() {
        server.once("POST " + DB + "creds/readonly", 403, DatabaseSamples.error("access_denied",
                        "role readonly is not in allowed_roles of pg"), Map.of())
                .once("POST " + DB + "creds/readonly", 503, DatabaseSamples.error("unavailable",
                        "database pg is unreachable"), Map.of())
                .once("POST " + DB + "creds/readonly", 502, DatabaseSamples.error("upstream_failed",
                        "ERROR: permission denied to create role"), Map.of());
        assertThatThrownBy(() -> database.credentials("readonly", null)).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("allowed_roles");
        assertThatThrownBy(() -> database.credentials("readonly", null)).isInstanceOf(UnavailableException.class);
        assertThatThrownBy(() -> database.credentials("readonly", null)).isInstanceOf(UpstreamFailedException.class)
                .hasMessageContaining("permission denied");
    }

    @Test
    void staticRoles_putGetListDelete_useTheirRoutes_andThePeriodIsText() {
        server.on("PUT " + DB + "static-roles/app", 200, DatabaseSamples.STATIC_ROLE)
                .on("GET " + DB + "static-roles/app", 200, DatabaseSamples.STATIC_ROLE)
                .on("GET " + DB + "static-roles", 200, DatabaseSamples.STATIC_ROLES)
                .on("DELETE " + DB + "static-roles/app", 204, "");
        DatabaseSecrets.StaticRole role = database.putStaticRole("app", DatabaseSecrets.StaticRoleWrite
                .builder("pg", "app").rotationPeriod(Duration.ofHours(12))
                .rotationStatements(List.of("ALTER ROLE \"{{name}}\" WITH PASSWORD '{{password}}';")).build());
        assertThat(server.last().body()).isEqualTo("{\"connection\":\"pg\",\"username\":\"app\","
                + "\"rotation_period\":\"12h\",\"rotation_statements\":[\"ALTER ROLE \\\"{{name}}\\\" WITH "
                + "PASSWORD '{{password}}';\"]}");
        assertThat(role.id()).isEqualTo("dbs_1");
        assertThat(role.lastRotatedAt()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(role.nextRotationAt()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
        assertThat(role.lastError()).isNull();
        assertThat(database.staticRole("app").rotationPeriod()).isEqualTo("24h");
        assertThat(database.staticRoles().data()).extracting(DatabaseSecrets.StaticRole::username)
                .containsExactly("app");
        database.deleteStaticRole("app");
        assertThat(server.requests()).extracting(FakeArca.Request::route).containsExactly(
                "PUT " + DB + "static-roles/app", "GET " + DB + "static-roles/app", "GET " + DB + "static-roles",
                "DELETE " + DB + "static-roles/app");
        assertThatThrownBy(() -> database.staticRole("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("static role must be given");
    }

    @Test
    void staticCredentials_areAGet_andThePasswordIsASecret_rotateRoleIsAPostWithoutBody() {
        server.on("GET " + DB + "static-creds/app", 200, DatabaseSamples.STATIC_CREDENTIALS)
                .on("POST " + DB + "rotate-role/app", 200, DatabaseSamples.STATIC_ROLE)
                .on("POST " + DB + "rotate-role/gone", 404, DatabaseSamples.error("not_found",
                        "static role gone does not exist"));
        DatabaseSecrets.StaticCredentials creds = database.staticCredentials("app");
        assertThat(creds.username()).isEqualTo("app");
        assertThat(creds.password().reveal()).isEqualTo(DatabaseSamples.STATIC_PASSWORD);
        assertThat(creds.toString()).doesNotContain(DatabaseSamples.STATIC_PASSWORD);
        assertThat(creds.connectionUrl()).isEqualTo("postgresql://127.0.0.1:5432/test");
        assertThat(creds.ttl()).isEqualTo(86400);
        assertThat(creds.nextRotationAt()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));

        assertThat(database.rotateStaticRole("app").name()).isEqualTo("app");
        assertThat(server.last().route()).isEqualTo("POST " + DB + "rotate-role/app");
        assertThat(server.last().body()).isEmpty();
        assertThatThrownBy(() -> database.rotateStaticRole("gone")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("static role gone");
    }

    @Test
    void leaseAdmin_revokePrefixIrrevocableAndRevokeForce() {
        server.on("POST /v1/vaults/default/leases/revoke-prefix", 200, "{\"revoked\":3}")
                .on("GET /v1/vaults/default/leases/irrevocable", 200, "{\"data\":[" + DatabaseSamples.IRREVOCABLE
                        + "],\"has_more\":true,\"cursor\":\"c2\"}")
                .on("GET /v1/vaults/default/leases/irrevocable?limit=10&cursor=c2", 200,
                        "{\"data\":[],\"has_more\":false}")
                .on("POST /v1/vaults/default/leases/lease_db2/revoke-force", 204, "");
        LeaseOperations leases = client.leases();
        assertThat(leases.revokePrefix("database/creds/readonly")).isEqualTo(3);
        assertThat(server.last().body()).isEqualTo("{\"prefix\":\"database/creds/readonly\"}");
        var page = leases.irrevocable();
        assertThat(page.hasMore()).isTrue();
        Lease irrevocable = page.data().get(0);
        assertThat(irrevocable.kind()).isEqualTo("database");
        assertThat(irrevocable.secretId()).isNull();
        assertThat(irrevocable.version()).isNull();
        assertThat(irrevocable.cleanup()).isEqualTo("irrevocable");
        assertThat(irrevocable.lastError()).contains("connection refused");
        assertThat(leases.irrevocable(10, page.cursor()).data()).isEmpty();
        leases.revokeForce("lease_db2");
        assertThat(server.last().route()).isEqualTo("POST /v1/vaults/default/leases/lease_db2/revoke-force");

        server.on("POST /v1/vaults/default/leases/lease_db2/revoke-force", 409,
                DatabaseSamples.error("conflict", "lease lease_db2 owes no revocation"));
        assertThatThrownBy(() -> leases.revokeForce("lease_db2")).isInstanceOf(ConflictException.class);
        server.on("POST /v1/vaults/default/leases/revoke-prefix", 403,
                DatabaseSamples.error("access_denied", "delete on _leases is needed"));
        assertThatThrownBy(() -> leases.revokePrefix("database/")).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void withVault_andAsync_sendTheSameRequests() {
        server.on("GET /v1/vaults/other/database/roles", 200, DatabaseSamples.ROLES)
                .on("POST " + DB + "creds/readonly", 200, DatabaseSamples.CREDENTIALS)
                .on("POST " + DB + "rotate-root/pg", 503, DatabaseSamples.error("unavailable", "pg is down"))
                .on("GET /v1/vaults/default/leases/irrevocable", 200, "{\"data\":[],\"has_more\":false}");
        database.withVault("other").roles();
        assertThat(server.last().route()).isEqualTo("GET /v1/vaults/other/database/roles");

        AsyncDatabaseOperations async = client.async().database();
        assertThat(async.credentials("readonly", Duration.ofHours(2)).join().data().password().reveal())
                .isEqualTo(DatabaseSamples.PASSWORD);
        assertThat(server.last().body()).isEqualTo("{\"ttl\":\"2h\"}");
        assertThatThrownBy(() -> async.rotateRoot("pg").join()).cause().isInstanceOf(UnavailableException.class);
        assertThat(client.async().leases().irrevocable().join().data()).isEmpty();
        server.on("GET " + DB + "static-creds/app", 200, DatabaseSamples.STATIC_CREDENTIALS)
                .on("POST " + DB + "rotate-role/app", 200, DatabaseSamples.STATIC_ROLE);
        assertThat(async.staticCredentials("app").join().password().reveal())
                .isEqualTo(DatabaseSamples.STATIC_PASSWORD);
        assertThat(async.rotateStaticRole("app").join().nextRotationAt())
                .isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
        assertThat(server.last().route()).isEqualTo("POST " + DB + "rotate-role/app");
        try (var noVault = ArcaClient.builder().address(server.address()).token("t").retries(0).build()) {
            assertThatThrownBy(() -> noVault.database().roles()).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("no vault chosen");
        }
    }
}
