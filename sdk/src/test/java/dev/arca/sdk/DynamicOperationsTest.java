package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DynamicOperations}: credentials made by an engine, renewed and revoked through {@code /v1/leases}, and the
 * {@link DynamicCredentials} whose close releases its lease exactly once.
 */
class DynamicOperationsTest {
    private static final String CREDS = "POST /v1/vaults/default/database/creds/readonly";
    private static final String RELEASE = "POST /v1/leases/release";

    private final FakeArca server = new FakeArca();
    private final ArcaClient client = ArcaClient.builder().address(server.address()).token("arca_tok").vault("default")
            .retries(0).build();
    private final DynamicOperations dynamic = client.dynamic();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    private long releases() {
        return server.requests().stream().filter(request -> request.route().equals(RELEASE)).count();
    }

    @Test
    void generateCredentials_postsToTheEnginesCredsRoute_andExposesTheUser() {
        server.on(CREDS, 200, DatabaseSamples.CREDENTIALS);
        DynamicCredentials creds = dynamic.generateCredentials("database", "readonly", Duration.ofMinutes(10));
        assertThat(server.last().body()).isEqualTo("{\"ttl\":\"10m\"}");
        assertThat(creds.leaseId()).isEqualTo("lease_db1");
        assertThat(creds.username()).isEqualTo("v_readonly_a1b2c3d4e5_1764669600");
        assertThat(creds.password().reveal()).isEqualTo(DatabaseSamples.PASSWORD);
        assertThat(creds.connectionUrl()).isEqualTo("postgresql://127.0.0.1:5432/test");
        assertThat(creds.expiresAt()).isEqualTo(Instant.parse("2026-12-02T11:00:00Z"));
        assertThat(creds.maxExpiresAt()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
        assertThat(creds.leaseDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(creds.renewable()).isTrue();
        assertThat(creds.warnings()).isEmpty();
        assertThat(creds.toString()).contains("lease_db1").doesNotContain(DatabaseSamples.PASSWORD);
        assertThat(creds.isClosed()).isFalse();
    }

    @Test
    void close_releasesTheLeaseExactlyOnce_evenWhenClosedAgain() {
        server.on(CREDS, 200, DatabaseSamples.CREDENTIALS).on(RELEASE, 204, "");
        DynamicCredentials creds = dynamic.generateCredentials("database", "readonly", null);
        try (creds) {
            assertThat(server.last().body()).isEqualTo("{}");
            assertThat(releases()).isZero();
        }
        assertThat(creds.isClosed()).isTrue();
        creds.close();
        assertThat(releases()).isEqualTo(1);
        assertThat(server.last().body()).isEqualTo("{\"lease_id\":\"lease_db1\"}");
        assertThat(server.last().authorization()).isEqualTo("Bearer arca_tok");
    }

    @Test
    void close_ofALeaseThatAlreadyEnded_isFine_andNotRepeated() {
        server.on(CREDS, 200, DatabaseSamples.CREDENTIALS).on(RELEASE, 410, DatabaseSamples.LEASE_EXPIRED);
        DynamicCredentials creds = dynamic.generateCredentials("database", "readonly", null);
        creds.close();
        creds.close();
        assertThat(creds.isClosed()).isTrue();
        assertThat(releases()).isEqualTo(1);
    }

    @Test
    void close_whenTheReleaseFails_throws_andTheNextCloseTriesAgain() {
        server.on(CREDS, 200, DatabaseSamples.CREDENTIALS)
                .once(RELEASE, 503, DatabaseSamples.error("unavailable", "the server is shutting down"), Map.of())
                .on(RELEASE, 204, "");
        DynamicCredentials creds = dynamic.generateCredentials("database", "readonly", null);
        assertThatThrownBy(creds::close).isInstanceOf(UnavailableException.class);
        assertThat(creds.isClosed()).isFalse();
        creds.close();
        creds.close();
        assertThat(creds.isClosed()).isTrue();
        assertThat(releases()).isEqualTo(2);
    }

    @Test
    void generateCredentials_refusals_areTyped_andNothingIsLeftToClose() {
        server.once(CREDS, 403, DatabaseSamples.error("access_denied", "role readonly is not in allowed_roles of pg"),
                        Map.of())
                .once(CREDS, 503, DatabaseSamples.error("unavailable", "database pg is unreachable"), Map.of());
        assertThatThrownBy(() -> dynamic.generateCredentials("database", "readonly", null))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("allowed_roles");
        assertThatThrownBy(() -> dynamic.generateCredentials("database", "readonly", null))
                .isInstanceOf(UnavailableException.class);
        assertThatThrownBy(() -> dynamic.generateCredentials("", "readonly", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("engine must be given");
        assertThat(releases()).isZero();
    }

    @Test
    void renewAndRevokeLease_postTheLeaseRoutes() {
        server.on("POST /v1/leases/renew", 200, DatabaseSamples.LEASE).on(RELEASE, 204, "");
        Lease renewed = dynamic.renew("lease_db1", Duration.ofMinutes(45));
        assertThat(server.last().body()).isEqualTo("{\"lease_id\":\"lease_db1\",\"increment\":\"45m\"}");
        assertThat(renewed.kind()).isEqualTo("database");
        assertThat(renewed.version()).isNull();
        assertThat(renewed.cleanup()).isEqualTo("owed");
        dynamic.revokeLease("lease_db1");
        assertThat(server.last().route()).isEqualTo(RELEASE);
        assertThat(server.last().body()).isEqualTo("{\"lease_id\":\"lease_db1\"}");

        server.on("POST /v1/leases/renew", 410, DatabaseSamples.LEASE_EXPIRED);
        assertThatThrownBy(() -> dynamic.renew("lease_db1", null)).isInstanceOfSatisfying(LeaseExpiredException.class,
                e -> assertThat(e.leaseId()).isEqualTo("lease_db1"));
    }

    @Test
    void async_generatesTheSameCredentials_whoseCloseReleasesOnce() {
        server.on("POST /v1/vaults/other/database/creds/readonly", 200, DatabaseSamples.CREDENTIALS)
                .on(RELEASE, 204, "");
        AsyncDynamicOperations async = client.async().dynamic().withVault("other");
        try (DynamicCredentials creds = async.generateCredentials("database", "readonly", null).join()) {
            assertThat(creds.username()).startsWith("v_readonly_");
        }
        assertThat(releases()).isEqualTo(1);
        async.revokeLease("lease_db1").join();
        assertThat(releases()).isEqualTo(2);
    }
}
