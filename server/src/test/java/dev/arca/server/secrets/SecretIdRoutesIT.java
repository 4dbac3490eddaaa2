package dev.arca.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret's metadata, delete, undelete and destroy by {@code sk_…} id answer as the same routes by path do, for
 * a caller who may act on the secret's path; others get the one 403 of {@link SecretIds}, root a 404 for an
 * unknown id.
 */
class SecretIdRoutesIT {
    private static final String V = "/v1/vaults/default";
    private static final String UNKNOWN = "sk_unknown0000000000000";

    @TempDir
    Path dir;
    TestServer server;
    String id;

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        expect(201, server.root("POST", V + "/projects", "{\"name\":\"app\"}"));
        id = server.root("PUT", V + "/secrets/app/db", "{\"value\":\"one\",\"description\":\"the db\"}").json()
                .path("id").asText();
        expect(200, server.root("PUT", V + "/secrets/app/db", "{\"value\":\"two\"}"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void metadataById_isTheMetadataByPath_andPatchByIdChangesIt() {
        var byId = server.root("GET", "/v1/secrets/" + id + "/metadata", null);
        expect(200, byId);
        assertThat(byId.json()).isEqualTo(server.root("GET", V + "/secrets/app/db/metadata", null).json());
        assertThat(byId.json().path("description").asText()).isEqualTo("the db");

        var patched = server.root("PATCH", "/v1/secrets/" + id + "/metadata", "{\"description\":\"main db\","
                + "\"tags\":[\"prod\"]}");
        expect(200, patched);
        assertThat(patched.json().path("description").asText()).isEqualTo("main db");
        assertThat(server.root("GET", V + "/secrets/app/db/metadata", null).json().path("tags").toString())
                .isEqualTo("[\"prod\"]");
        assertThat(server.root("GET", V + "/secrets/app/db", null).json().path("version").asInt())
                .as("no new version").isEqualTo(2);
        assertError(400, "description", server.root("PATCH", "/v1/secrets/" + id + "/metadata",
                "{\"description\":\"" + "x".repeat(5000) + "\"}"));
    }

    @Test
    void deleteById_softDeletes_oneVersion_orEverything_asTheRouteByPath() {
        expect(204, server.root("DELETE", "/v1/secrets/" + id + "?version=1", null));
        expect(404, server.root("GET", V + "/secrets/app/db?version=1", null));
        expect(200, server.root("GET", V + "/secrets/app/db", null));

        expect(204, server.root("DELETE", "/v1/secrets/" + id, null));
        expect(404, server.root("GET", V + "/secrets/app/db", null));
        expect(404, server.root("DELETE", "/v1/secrets/" + id, null));
        var undeleted = server.root("POST", "/v1/secrets/" + id + "/undelete", "{}");
        expect(200, undeleted);
        assertThat(server.root("GET", "/v1/secrets/" + id, null).json().path("value").asText()).isEqualTo("two");

        assertError(400, "permanent", server.root("DELETE", "/v1/secrets/" + id + "?version=1&permanent=true", null));
        assertError(400, "version", server.root("DELETE", "/v1/secrets/" + id + "?version=x", null));
        expect(200, server.root("POST", "/v1/secrets/" + id + "/destroy", "{\"versions\":[2]}"));
        expect(404, server.root("GET", "/v1/secrets/" + id, null));
        expect(204, server.root("DELETE", "/v1/secrets/" + id + "?permanent=true", null));
        assertThat(server.root("GET", "/v1/secrets/" + id + "/metadata", null).json().path("destroyed").asBoolean())
                .isTrue();
    }

    @Test
    void aReaderGets404ForADeletedSecret_whileAnUnknownIdStays403_andRootGets404ForIt() {
        String reader = tokenWith("{\"path\":\"app/**\",\"permissions\":[\"read\",\"delete\"]}");
        expect(204, server.call("DELETE", "/v1/secrets/" + id, reader, null));
        var deleted = server.call("GET", "/v1/secrets/" + id, reader, null);
        expect(404, deleted);
        assertThat(deleted.errorCode()).isEqualTo("not_found");
        assertThat(server.call("GET", "/v1/secrets/" + id + "/metadata", reader, null).json().path("deleted")
                .asBoolean()).as("the metadata of a deleted secret, as by path").isTrue();
        expect(404, server.call("DELETE", "/v1/secrets/" + id, reader, null));

        for (String route : new String[] {"", "/metadata"}) {
            var unknown = server.call("GET", "/v1/secrets/" + UNKNOWN + route, reader, null);
            expect(403, unknown);
            assertThat(unknown.errorCode()).isEqualTo("access_denied");
            expect(404, server.root("GET", "/v1/secrets/" + UNKNOWN + route, null));
        }
        expect(403, server.call("DELETE", "/v1/secrets/" + UNKNOWN, reader, null));
        expect(404, server.root("DELETE", "/v1/secrets/" + UNKNOWN, null));

        String readOnly = tokenWith("{\"path\":\"app/**\",\"permissions\":[\"read\"]}");
        expect(403, server.call("POST", "/v1/secrets/" + id + "/undelete", readOnly, "{}"));
        expect(403, server.call("PATCH", "/v1/secrets/" + id + "/metadata", readOnly, "{\"description\":\"x\"}"));
    }

    private String tokenWith(String rule) {
        String name = "p" + Long.toHexString(System.nanoTime());
        expect(200, server.root("PUT", V + "/policies/" + name, "{\"rules\":[" + rule + "]}"));
        return server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\"" + name + "\"]}").json()
                .path("token").asText();
    }

    private static void expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
    }

    private static void assertError(int status, String field, TestServer.Response response) {
        expect(status, response);
        assertThat(response.json().path("error").path("details").path("field").asText()).isEqualTo(field);
    }
}
