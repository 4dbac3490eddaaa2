package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.Egress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SecretOperations#egress} and {@link SecretOperations#setEgress}. */
class EgressTest {
    private static final String ROUTE = "/v1/vaults/default/secrets/app/stripe/egress";

    private final FakeArca server = new FakeArca();
    private final ArcaClient client = ArcaClient.builder().address(server.address()).token("arca_tok").vault("default")
            .retries(0).build();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void egress_readsTheRules() {
        server.on("GET " + ROUTE, 200, "{\"allow\":[\"https://api.stripe.com/v1/*\"],\"methods\":[\"POST\"],"
                + "\"updated_at\":\"2025-01-01T00:00:00Z\",\"updated_by\":\"user:ada\"}");
        Egress egress = client.secrets().egress("app/stripe");
        assertThat(egress.allow()).containsExactly("https://api.stripe.com/v1/*");
        assertThat(egress.methods()).containsExactly("POST");
        assertThat(egress.updatedBy()).isEqualTo("user:ada");
    }

    @Test
    void setEgress_putsTheLists_emptyOnesIncluded() {
        server.on("PUT " + ROUTE, 200, "{\"allow\":[],\"methods\":[]}");
        var answer = client.secrets().setEgress("app/stripe", new Egress.Update(List.of(), List.of()));
        assertThat(server.last().body()).isEqualTo("{\"allow\":[],\"methods\":[]}");
        assertThat(answer.allow()).isEmpty();

        server.on("PUT " + ROUTE, 200, "{\"allow\":[\"http://127.0.0.1:9/*\"],\"methods\":[\"GET\",\"POST\"]}");
        client.secrets().setEgress("app/stripe", new Egress.Update(List.of("http://127.0.0.1:9/*"),
                List.of("GET", "POST")));
        assertThat(server.last().body()).isEqualTo("{\"allow\":[\"http://127.0.0.1:9/*\"],\"methods\":[\"GET\",\"POST\"]}");
    }
}
