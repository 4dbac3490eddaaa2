package dev.arca.server.use;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestServer;
import dev.arca.server.storage.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Egress rules stored and replaced on PostgreSQL (the upsert must work on both backends). */
class EgressPostgresIT {
    private static final String V = "/v1/vaults/default/secrets/";

    @TempDir
    Path dir;

    @Test
    void egressRules_areStoredAndReplaced_onPostgres() {
        var url = TestDatabases.freshPostgres();
        Assumptions.assumeTrue(url.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        try (var server = TestServer.start(dir, url.get()).initAndUnseal()) {
            server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
            assertThat(server.root("PUT", V + "app/key", "{\"value\":\"v-12345\"}").status()).isEqualTo(200);
            assertThat(server.root("GET", V + "app/key/egress", null).json().path("allow")).isEmpty();
            assertThat(server.root("PUT", V + "app/key/egress",
                    "{\"allow\":[\"https://a.example.com/v1\"],\"methods\":[\"GET\"]}").status()).isEqualTo(200);
            assertThat(server.root("PUT", V + "app/key/egress",
                    "{\"allow\":[\"https://*.example.com\",\"http://10.0.0.5:8080\"],\"methods\":[\"POST\",\"GET\"]}")
                    .status()).isEqualTo(200);
            var egress = server.root("GET", V + "app/key/egress", null).json();
            assertThat(egress.path("allow")).hasToString("[\"https://*.example.com\",\"http://10.0.0.5:8080\"]");
            assertThat(egress.path("methods")).hasToString("[\"POST\",\"GET\"]");
            assertThat(egress.path("updated_at").asText()).isNotEmpty();
        }
    }
}
