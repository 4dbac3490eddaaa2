package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.TransitKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The requests {@link TransitOperations} sends to {@code /v1/vaults/{vault}/transit/…}. */
class TransitOperationsTest {
    private static final String KEY = "{\"id\":\"sk_9\",\"path\":\"app/orders\",\"algorithm\":\"chacha20-poly1305\","
            + "\"exportable\":true,\"latest_version\":2,\"min_decryption_version\":1,\"versions\":["
            + "{\"version\":1,\"created_at\":\"2025-01-01T00:00:00Z\"},{\"version\":2,\"created_at\":\"2025-02-01T00:00:00Z\"}],"
            + "\"created_at\":\"2025-01-01T00:00:00Z\"}";

    private final FakeArca server = new FakeArca();
    private final ArcaClient client = ArcaClient.builder().address(server.address()).token("arca_tok").vault("default")
            .retries(0).build();
    private final TransitOperations transit = client.transit();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void create_postsAlgorithmAndExportable_andReadsTheKey() {
        server.on("POST /v1/vaults/default/transit/app/orders", 201, KEY);
        TransitKey key = transit.create("app/orders", TransitOperations.CHACHA20_POLY1305, true);
        assertThat(server.last().body()).isEqualTo("{\"algorithm\":\"chacha20-poly1305\",\"exportable\":true}");
        assertThat(key.latestVersion()).isEqualTo(2);
        assertThat(key.versions()).extracting(TransitKey.Version::version).containsExactly(1, 2);
    }

    @Test
    void create_withoutAlgorithm_leavesItToTheServer() {
        server.on("POST /v1/vaults/default/transit/app/orders", 201, KEY);
        transit.create("app/orders", null, false);
        assertThat(server.last().body()).isEqualTo("{\"exportable\":false}");
    }

    @Test
    void getRotateUpdateExport_useTheirRoutes() {
        server.on("GET /v1/vaults/default/transit/app/orders", 200, KEY)
                .on("POST /v1/vaults/default/transit/app/orders/rotate", 200, KEY)
                .on("PATCH /v1/vaults/default/transit/app/orders", 200, KEY)
                .on("GET /v1/vaults/default/transit/app/orders/export", 200, "{\"keys\":{\"1\":\"AAEC\",\"2\":\"AwQF\"}}");
        assertThat(transit.get("app/orders").algorithm()).isEqualTo("chacha20-poly1305");
        transit.rotate("app/orders");
        assertThat(server.last().body()).isEmpty();
        transit.setMinDecryptionVersion("app/orders", 2);
        assertThat(server.last().body()).isEqualTo("{\"min_decryption_version\":2}");
        TransitKey.Export export = transit.export("app/orders");
        assertThat(export.keys()).containsEntry("1", "AAEC").containsEntry("2", "AwQF");
        assertThat(server.requests()).extracting(FakeArca.Request::route).containsExactly(
                "GET /v1/vaults/default/transit/app/orders", "POST /v1/vaults/default/transit/app/orders/rotate",
                "PATCH /v1/vaults/default/transit/app/orders", "GET /v1/vaults/default/transit/app/orders/export");
    }

    @Test
    void exportOfANonExportableKey_isAccessDenied() {
        server.otherwise(403, "{\"error\":{\"code\":\"access_denied\",\"message\":\"app/orders is not exportable\"}}");
        assertThatThrownBy(() -> transit.export("app/orders")).isInstanceOf(AccessDeniedException.class)
                .hasMessage("app/orders is not exportable");
    }
}
