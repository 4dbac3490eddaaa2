package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.SecretMetadata;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every {@link SecretOperations} method that takes a secret sends an {@code sk_…} id to {@code /v1/secrets/{id}…}
 * and a path to {@code /v1/vaults/{vault}/secrets/{path}…}, and a 404 says which one it was about.
 */
class SecretIdDispatchTest {
    private static final String META = "{\"id\":\"sk_1\",\"path\":\"app/db\"}";
    private static final String NOT_FOUND = "{\"error\":{\"code\":\"not_found\",\"message\":\"no secret\"}}";

    private final FakeArca server = new FakeArca();
    private final ArcaClient client = ArcaClient.builder().address(server.address()).token("arca_tok").vault("default")
            .retries(0).build();
    private final SecretOperations secrets = client.secrets();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void idsGoToTheRoutesById_andPathsToTheRoutesByPath() {
        server.otherwise(200, META);
        var update = SecretMetadata.Update.description("d");
        for (String secret : List.of("sk_1", "app/sk_1")) {
            secrets.read(secret);
            secrets.metadata(secret);
            secrets.updateMetadata(secret, update);
            secrets.delete(secret);
            secrets.deleteVersion(secret, 2);
            secrets.deletePermanently(secret);
            secrets.undelete(secret);
            secrets.destroy(secret, List.of(1));
        }
        assertThat(server.requests().stream().map(FakeArca.Request::route)).containsExactly(
                "GET /v1/secrets/sk_1", "GET /v1/secrets/sk_1/metadata", "PATCH /v1/secrets/sk_1/metadata",
                "DELETE /v1/secrets/sk_1", "DELETE /v1/secrets/sk_1?version=2",
                "DELETE /v1/secrets/sk_1?permanent=true", "POST /v1/secrets/sk_1/undelete",
                "POST /v1/secrets/sk_1/destroy",
                "GET /v1/vaults/default/secrets/app/sk_1", "GET /v1/vaults/default/secrets/app/sk_1/metadata",
                "PATCH /v1/vaults/default/secrets/app/sk_1/metadata", "DELETE /v1/vaults/default/secrets/app/sk_1",
                "DELETE /v1/vaults/default/secrets/app/sk_1?version=2",
                "DELETE /v1/vaults/default/secrets/app/sk_1?permanent=true",
                "POST /v1/vaults/default/secrets/app/sk_1/undelete",
                "POST /v1/vaults/default/secrets/app/sk_1/destroy");
    }

    @Test
    void asyncReadsAndDeletes_dispatchAlike() {
        server.otherwise(200, "{\"id\":\"sk_1\",\"path\":\"app/db\",\"version\":1,\"type\":\"string\","
                + "\"value\":\"v\"}");
        var async = client.async().secrets();
        assertThat(async.read("sk_1").join().value().reveal()).isEqualTo("v");
        async.readById("sk_1", "2", "user").join();
        async.read("app/db").join();
        async.delete("sk_1").join();
        assertThat(server.requests().stream().map(FakeArca.Request::route)).containsExactly("GET /v1/secrets/sk_1",
                "GET /v1/secrets/sk_1?version=2&field=user", "GET /v1/vaults/default/secrets/app/db",
                "DELETE /v1/secrets/sk_1");
    }

    @Test
    void notFound_carriesThePathOrIdAsked() {
        server.otherwise(404, NOT_FOUND);
        assertThatThrownBy(() -> secrets.read("sk_gone")).isInstanceOfSatisfying(CredentialNotFoundException.class,
                e -> assertThat(e.secret()).isEqualTo("sk_gone"));
        assertThatThrownBy(() -> secrets.metadata("app/db")).isInstanceOfSatisfying(
                CredentialNotFoundException.class, e -> assertThat(e.secret()).isEqualTo("app/db"));
        assertThatThrownBy(() -> secrets.delete("sk_gone")).isInstanceOfSatisfying(NotFoundException.class,
                e -> assertThat(e.secret()).isEqualTo("sk_gone"));
        assertThatThrownBy(() -> client.async().secrets().readById("sk_x").join()).hasCauseInstanceOf(
                CredentialNotFoundException.class).satisfies(e -> assertThat(((NotFoundException) e.getCause())
                        .secret()).isEqualTo("sk_x"));
        assertThatThrownBy(() -> client.projects().list()).isInstanceOfSatisfying(NotFoundException.class,
                e -> assertThat(e.secret()).as("not about a secret").isNull());
    }

    @Test
    void watchByPath_looksTheIdUpByListing_thenPollsById() {
        server.on("GET /v1/vaults/default/secrets?prefix=app%2Fdb&recursive=false&limit=1", 200,
                "{\"data\":[{\"id\":\"sk_9\",\"path\":\"app/db\",\"type\":\"string\",\"version\":1}],"
                        + "\"has_more\":false}")
                .on("GET /v1/secrets/sk_9/watch?since=1&wait=0s", 204, "");
        assertThat(secrets.watch("app/db", 1, Duration.ZERO)).isEmpty();
        assertThat(server.last().route()).isEqualTo("GET /v1/secrets/sk_9/watch?since=1&wait=0s");

        server.on("GET /v1/vaults/default/secrets?prefix=app%2Fdb&recursive=false&limit=1", 200,
                "{\"data\":[{\"id\":\"sk_8\",\"path\":\"app/db2\",\"type\":\"string\",\"version\":1}],"
                        + "\"has_more\":false}");
        assertThatThrownBy(() -> secrets.watch("app/db", 1, Duration.ZERO)).isInstanceOfSatisfying(
                NotFoundException.class, e -> assertThat(e.secret()).isEqualTo("app/db"));
        assertThatThrownBy(() -> secrets.idOf("sk_1")).isInstanceOf(IllegalArgumentException.class);
    }
}
