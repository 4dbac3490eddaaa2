package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.Lease;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The requests {@link LeaseOperations} sends and how it reads the answers. */
class LeaseOperationsTest {
    static final String LEASE = "{\"lease_id\":\"lease_1\",\"vault_id\":\"vault_1\",\"secret_id\":\"sk_1\","
            + "\"path\":\"app/db\",\"version\":3,\"holder\":\"agent:bot\",\"issued_at\":\"2025-01-01T00:00:00Z\","
            + "\"expires_at\":\"2025-01-01T00:15:00Z\",\"max_expires_at\":\"2025-01-02T00:00:00Z\","
            + "\"state\":\"active\"}";

    private final FakeArca server = new FakeArca();
    private final ArcaClient client = ArcaClient.builder().address(server.address()).token("arca_tok").vault("default")
            .retries(0).build();
    private final LeaseOperations leases = client.leases();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void retrieve_sendsDurationsAndVersion_andReadsTheValueOnItsLease() {
        server.on("POST /v1/vaults/default/secrets/app/db/retrieve", 201, "{\"lease_id\":\"lease_1\",\"id\":\"sk_1\","
                + "\"path\":\"app/db\",\"version\":3,\"type\":\"string\",\"value\":\"hunter2\",\"ttl\":3600,"
                + "\"expires_at\":\"2025-01-01T01:00:00Z\",\"max_expires_at\":\"2025-01-01T12:00:00Z\"}");
        Lease.Retrieved retrieved = leases.retrieve("app/db", Duration.ofHours(1), Duration.ofHours(12), "3");
        assertThat(server.last().body()).isEqualTo("{\"ttl\":\"1h\",\"max_ttl\":\"12h\",\"version\":\"3\"}");
        assertThat(retrieved.value().reveal()).isEqualTo("hunter2");
        assertThat(retrieved.ttl()).isEqualTo(3600);
        assertThat(retrieved.expiresAt()).isEqualTo(Instant.parse("2025-01-01T01:00:00Z"));
        assertThat(retrieved.toString()).doesNotContain("hunter2");

        leases.retrieve("app/db");
        assertThat(server.last().body()).isEqualTo("{}");
    }

    @Test
    void retrieve_withSubSecondTtl_isRefusedBeforeSending() {
        assertThatThrownBy(() -> leases.retrieve("app/db", Duration.ofMillis(10), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void getAndLists_useTheirRoutesAndFilters() {
        server.on("GET /v1/leases/lease_1", 200, LEASE)
                .on("GET /v1/leases", 200, "{\"data\":[" + LEASE + "],\"has_more\":false}")
                .on("GET /v1/leases?limit=5&cursor=c1", 200, "{\"data\":[],\"has_more\":false}")
                .on("GET /v1/vaults/default/leases?holder=agent%3Abot&secret=sk_1", 200,
                        "{\"data\":[" + LEASE + "],\"has_more\":true,\"cursor\":\"n\"}");
        assertThat(leases.get("lease_1").holder()).isEqualTo("agent:bot");
        assertThat(leases.listOwn().data()).extracting(Lease::leaseId).containsExactly("lease_1");
        assertThat(leases.listOwn(5, "c1").data()).isEmpty();
        var page = leases.list("agent:bot", "sk_1");
        assertThat(page.hasMore()).isTrue();
        assertThat(page.data().get(0).state()).isEqualTo("active");
    }

    @Test
    void renewReleaseRevoke_postTheirBodies() {
        server.on("POST /v1/leases/renew", 200, LEASE).on("POST /v1/leases/release", 204, "")
                .on("POST /v1/vaults/default/leases/revoke", 200, "{\"revoked\":4}");
        assertThat(leases.renew("lease_1", Duration.ofMinutes(90)).leaseId()).isEqualTo("lease_1");
        assertThat(server.last().body()).isEqualTo("{\"lease_id\":\"lease_1\",\"increment\":\"90m\"}");
        leases.renew("lease_1", null);
        assertThat(server.last().body()).isEqualTo("{\"lease_id\":\"lease_1\"}");
        leases.release("lease_1");
        assertThat(server.last().body()).isEqualTo("{\"lease_id\":\"lease_1\"}");
        assertThat(leases.revoke("agent:bot")).isEqualTo(4);
        assertThat(server.last().body()).isEqualTo("{\"holder\":\"agent:bot\"}");
    }

    @Test
    void endedLease_isAnApiExceptionWithLeaseExpired() {
        server.otherwise(410, "{\"error\":{\"code\":\"lease_expired\",\"message\":\"lease lease_1 has ended\"}}");
        assertThatThrownBy(() -> leases.renew("lease_1", null)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo("lease_expired");
            assertThat(e.statusCode()).isEqualTo(410);
        });
    }
}
