package dev.arca.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secrets over real HTTP: types and fields, metadata, version limits and pruning, soft delete / undelete /
 * destroy, rotation with a grace period, and projects (rename, max_versions, delete). Stored state is checked in
 * the database itself.
 */
class SecretsLifecycleIT {
    private static final String SECRETS = "/v1/vaults/default/secrets/";

    @TempDir
    Path dir;
    TestServer server;

    /** The {@code --storage} to run on: SQLite under the temporary directory here. */
    String storage() {
        return null;
    }

    @BeforeEach
    void start() {
        server = TestServer.start(dir, storage()).initAndUnseal();
        server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---- types and fields

    @ParameterizedTest
    @ValueSource(strings = {"password", "api_key", "certificate", "ssh_key"})
    void singleValueTypes_readBackWithTheirType(String type) {
        assertThat(put("app/k", "{\"type\":\"" + type + "\",\"value\":\"v1\"}").status()).isEqualTo(200);
        JsonNode read = get("app/k").json();
        assertThat(read.path("type").asText()).isEqualTo(type);
        assertThat(read.path("value").asText()).isEqualTo("v1");
        assertThat(read.has("fields")).isFalse();
    }

    @Test
    void connection_storesFieldNamesForListingWithoutDecrypting() throws SQLException {
        put("app/db", "{\"type\":\"connection\",\"fields\":{\"user\":\"admin\",\"password\":\"pw\",\"host\":\"h\"}}");
        assertThat(get("app/db").json().path("fields").path("password").asText()).isEqualTo("pw");
        assertThat(query("SELECT field_names FROM secrets WHERE path = 'app/db'"))
                .containsExactly("[\"host\",\"password\",\"user\"]");
        assertThat(server.root("GET", SECRETS + "app/db/metadata", null).json().path("field_names").toString())
                .isEqualTo("[\"host\",\"password\",\"user\"]");
    }

    @Test
    void oneField_byPathAndById() {
        String id = put("app/db", "{\"type\":\"connection\",\"fields\":{\"user\":\"admin\",\"password\":\"pw\"}}")
                .json().path("id").asText();
        JsonNode byPath = get("app/db?field=user").json();
        assertThat(byPath.path("field").asText()).isEqualTo("user");
        assertThat(byPath.path("value").asText()).isEqualTo("admin");
        assertThat(byPath.has("fields")).isFalse();
        assertThat(byPath.path("version").asInt()).isEqualTo(1);
        JsonNode byId = server.root("GET", "/v1/secrets/" + id + "?field=password", null).json();
        assertThat(byId.path("value").asText()).isEqualTo("pw");
        assertThat(byId.path("path").asText()).isEqualTo("app/db");
    }

    @Test
    void fieldOfASingleValue_is400SecretStructure() {
        String id = put("app/x", "{\"value\":\"v\"}").json().path("id").asText();
        for (var response : List.of(get("app/x?field=user"),
                server.root("GET", "/v1/secrets/" + id + "?field=user", null))) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("secret_structure");
            assertThat(response.json().path("error").path("message").asText())
                    .isEqualTo("secret app/x holds a single value, not fields");
        }
    }

    @Test
    void missingField_is404ListingTheAvailableNames() {
        put("app/db", "{\"fields\":{\"user\":\"admin\",\"password\":\"pw\"}}");
        var response = get("app/db?field=host");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("field_not_found");
        assertThat(response.json().path("error").path("message").asText()).contains("password, user");
        assertThat(response.json().path("error").path("details").path("available").toString())
                .isEqualTo("[\"password\",\"user\"]");
        assertThat(response.body()).doesNotContain("admin").doesNotContain("\"pw\"");
    }

    @Test
    void fieldNamesThatMakeNoEnvironmentName_are400AndStoreNothing() throws SQLException {
        var response = put("app/db", "{\"fields\":{\"9lives\":\"x\"}}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").path("details").path("field").asText()).isEqualTo("fields");
        assertThat(query("SELECT id FROM secrets")).isEmpty();
    }

    // ---- metadata

    @Test
    void metadata_writtenWithThePut_andPatchedWithoutANewVersion() throws SQLException {
        put("app/k", "{\"value\":\"v\",\"description\":\"the key\",\"tags\":[\"prod\",\"db\",\"prod\"],"
                + "\"custom\":{\"owner\":\"team-a\"},\"max_versions\":5}");
        JsonNode meta = server.root("GET", SECRETS + "app/k/metadata", null).json();
        assertThat(meta.path("description").asText()).isEqualTo("the key");
        assertThat(meta.path("tags").toString()).isEqualTo("[\"db\",\"prod\"]");
        assertThat(meta.path("custom").path("owner").asText()).isEqualTo("team-a");
        assertThat(meta.path("max_versions").asInt()).isEqualTo(5);
        assertThat(meta.path("created_by").asText()).isEqualTo(meta.path("updated_by").asText()).startsWith("token:");
        assertThat(meta.path("versions").get(0).path("state").asText()).isEqualTo("active");

        var patched = server.root("PATCH", SECRETS + "app/k/metadata", "{\"description\":\"renamed\",\"tags\":[\"x\"]}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().path("current_version").asInt()).isEqualTo(1);
        assertThat(patched.json().path("description").asText()).isEqualTo("renamed");
        assertThat(patched.json().path("custom").path("owner").asText()).isEqualTo("team-a");
        assertThat(query("SELECT tag FROM secret_tags")).containsExactly("x");
        assertThat(query("SELECT version FROM secret_versions")).containsExactly("1");
    }

    @Test
    void badMetadata_is400AndChangesNothing() throws SQLException {
        put("app/k", "{\"value\":\"v\",\"tags\":[\"keep\"]}");
        for (String body : List.of("{\"max_versions\":0}", "{\"max_versions\":1001}", "{\"tags\":[\"Bad Tag\"]}",
                "{\"description\":\"" + "d".repeat(1025) + "\"}", "{\"tags\":" + tags(33) + "}")) {
            var response = server.root("PATCH", SECRETS + "app/k/metadata", body);
            assertThat(response.status()).as(body).isEqualTo(400);
        }
        assertThat(query("SELECT tag FROM secret_tags")).containsExactly("keep");
        assertThat(query("SELECT max_versions FROM secrets")).containsExactly((String) null);
    }

    @Test
    void maxVersionsOutOfRange_onPut_is400NamingItAndStoresNothing() throws SQLException {
        for (int bad : new int[] {0, 1001}) {
            var response = put("app/k", "{\"value\":\"v\",\"max_versions\":" + bad + "}");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().path("error").path("details").path("field").asText()).isEqualTo("max_versions");
        }
        assertThat(query("SELECT id FROM secrets")).isEmpty();
    }

    // ---- versions

    @Test
    void versionsBeyondTheLimit_arePrunedOldestFirst() throws SQLException {
        put("app/k", "{\"value\":\"v1\",\"max_versions\":3}");
        for (int i = 2; i <= 5; i++) {
            put("app/k", "{\"value\":\"v" + i + "\"}");
        }
        assertThat(query("SELECT version FROM secret_versions ORDER BY version")).containsExactly("3", "4", "5");
        assertThat(get("app/k?version=2").status()).isEqualTo(404);
        assertThat(get("app/k?version=3").json().path("value").asText()).isEqualTo("v3");

        server.root("PATCH", SECRETS + "app/k/metadata", "{\"max_versions\":1}");
        assertThat(query("SELECT version FROM secret_versions")).containsExactly("5");
    }

    @Test
    void limitFallsBackToProjectThenVaultDefault() throws SQLException {
        for (int i = 1; i <= 12; i++) {
            put("app/k", "{\"value\":\"v" + i + "\"}");
        }
        assertThat(query("SELECT COUNT(*) FROM secret_versions")).containsExactly("10");
        assertThat(server.root("PATCH", "/v1/vaults/default/projects/app", "{\"max_versions\":2}").json()
                .path("max_versions").asInt()).isEqualTo(2);
        put("app/k", "{\"value\":\"v13\"}");
        assertThat(query("SELECT version FROM secret_versions ORDER BY version")).containsExactly("12", "13");
        assertThat(server.root("GET", SECRETS + "app/k/metadata", null).json().path("max_versions").asInt())
                .isEqualTo(2);
    }

    @Test
    void softDeletedVersion_is404UntilUndeleted() throws SQLException {
        put("app/k", "{\"value\":\"v1\"}");
        put("app/k", "{\"value\":\"v2\"}");
        assertThat(server.root("DELETE", SECRETS + "app/k?version=1", null).status()).isEqualTo(204);
        assertThat(query("SELECT state FROM secret_versions WHERE version = 1")).containsExactly("deleted");
        var gone = get("app/k?version=1");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().path("error").path("message").asText()).startsWith("version 1 of app/k is deleted")
                .contains("undelete");
        assertThat(get("app/k").json().path("value").asText()).isEqualTo("v2");

        var undeleted = server.root("POST", SECRETS + "app/k/undelete", "{\"versions\":[1]}");
        assertThat(undeleted.status()).isEqualTo(200);
        assertThat(undeleted.json().path("versions").get(0).path("state").asText()).isEqualTo("active");
        assertThat(get("app/k?version=1").json().path("value").asText()).isEqualTo("v1");
    }

    @Test
    void softDeletedSecret_is404ButItsMetadataShows_andUndeleteBringsItBack() {
        put("app/k", "{\"value\":\"v1\"}");
        assertThat(server.root("DELETE", SECRETS + "app/k", null).status()).isEqualTo(204);
        assertThat(get("app/k").status()).isEqualTo(404);
        assertThat(server.root("GET", SECRETS + "app/k/metadata", null).json().path("deleted").asBoolean()).isTrue();
        var undeleted = server.root("POST", SECRETS + "app/k/undelete", null);
        assertThat(undeleted.status()).isEqualTo(200);
        assertThat(undeleted.json().path("deleted").asBoolean()).isFalse();
        assertThat(get("app/k").json().path("value").asText()).isEqualTo("v1");
    }

    @Test
    void destroyedVersion_losesItsCiphertextForGood() throws SQLException {
        put("app/k", "{\"value\":\"v1\"}");
        put("app/k", "{\"value\":\"v2\"}");
        var destroyed = server.root("POST", SECRETS + "app/k/destroy", "{\"versions\":[1]}");
        assertThat(destroyed.status()).isEqualTo(200);
        assertThat(destroyed.json().path("versions").get(0).path("state").asText()).isEqualTo("destroyed");
        assertThat(query("SELECT state || ':' || COALESCE(LENGTH(ciphertext), -1) FROM secret_versions "
                + "ORDER BY version")).element(0).isEqualTo("destroyed:-1");
        assertThat(get("app/k?version=1").status()).isEqualTo(404);
        var undelete = server.root("POST", SECRETS + "app/k/undelete", "{\"versions\":[1]}");
        assertThat(undelete.status()).isEqualTo(409);
        assertThat(server.root("POST", SECRETS + "app/k/destroy", "{\"versions\":[]}").status()).isEqualTo(400);
        assertThat(server.root("POST", SECRETS + "app/k/destroy", "{\"versions\":[9]}").status()).isEqualTo(404);
        assertThat(get("app/k").json().path("value").asText()).isEqualTo("v2");
    }

    @Test
    void undeleteOfAMissingVersion_is404AndChangesNothing() throws SQLException {
        put("app/k", "{\"value\":\"v1\"}");
        put("app/k", "{\"value\":\"v2\"}");
        server.root("DELETE", SECRETS + "app/k?version=1", null);
        assertThat(server.root("POST", SECRETS + "app/k/undelete", "{\"versions\":[1,7]}").status()).isEqualTo(404);
        assertThat(query("SELECT state FROM secret_versions WHERE version = 1")).containsExactly("deleted");
    }

    @Test
    void permanentDelete_destroysEveryVersion_andWritingAgainStartsAtTheNextVersion() throws SQLException {
        String id = put("app/k", "{\"value\":\"v1\"}").json().path("id").asText();
        put("app/k", "{\"value\":\"v2\"}");
        assertThat(server.root("DELETE", SECRETS + "app/k?permanent=true", null).status()).isEqualTo(204);
        assertThat(query("SELECT state FROM secret_versions")).containsOnly("destroyed");
        assertThat(query("SELECT COUNT(*) FROM secret_versions WHERE ciphertext IS NOT NULL")).containsExactly("0");
        assertThat(get("app/k").status()).isEqualTo(404);
        assertThat(server.root("GET", "/v1/secrets/" + id, null).status()).isEqualTo(404);
        JsonNode meta = server.root("GET", SECRETS + "app/k/metadata", null).json();
        assertThat(meta.path("destroyed").asBoolean()).isTrue();
        assertThat(server.root("POST", SECRETS + "app/k/undelete", null).status()).isEqualTo(409);

        var again = put("app/k", "{\"value\":\"fresh\"}").json();
        assertThat(again.path("id").asText()).isEqualTo(id);
        assertThat(again.path("version").asInt()).isEqualTo(3);
        assertThat(get("app/k").json().path("value").asText()).isEqualTo("fresh");
    }

    @Test
    void badDeleteParameters_are400AndChangeNothing() throws SQLException {
        put("app/k", "{\"value\":\"v1\"}");
        assertThat(server.root("DELETE", SECRETS + "app/k?permanent=yes", null).status()).isEqualTo(400);
        assertThat(server.root("DELETE", SECRETS + "app/k?permanent=true&version=1", null).status()).isEqualTo(400);
        assertThat(server.root("DELETE", SECRETS + "app/k?version=0", null).status()).isEqualTo(400);
        assertThat(server.root("DELETE", SECRETS + "app/k?version=4", null).status()).isEqualTo(404);
        assertThat(query("SELECT state FROM secret_versions")).containsExactly("active");
        assertThat(query("SELECT COUNT(*) FROM secrets WHERE deleted_at IS NULL")).containsExactly("1");
    }

    // ---- rotation

    @Test
    void rotationWithGrace_servesPreviousThenRetiresIt() throws Exception {
        put("app/k", "{\"type\":\"password\",\"value\":\"old\"}");
        var rotated = server.root("POST", SECRETS + "app/k/rotate",
                "{\"generate\":{\"length\":24},\"reason\":\"scheduled\",\"grace\":\"2s\"}");
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.json().path("version").asInt()).isEqualTo(2);
        JsonNode current = get("app/k").json();
        assertThat(current.path("value").asText()).hasSize(24).isNotEqualTo("old");
        assertThat(current.path("type").asText()).isEqualTo("password");
        // root may read the secret, so the answer carries the generated value (SecretRotationIT: only for readers)
        assertThat(rotated.json().path("value").asText()).isEqualTo(current.path("value").asText());

        assertThat(get("app/k?version=previous").json().path("value").asText()).isEqualTo("old");
        assertThat(get("app/k?version=1").json().path("value").asText()).isEqualTo("old");
        JsonNode meta = server.root("GET", SECRETS + "app/k/metadata", null).json();
        assertThat(meta.path("previous_version").asInt()).isEqualTo(1);
        assertThat(states(meta)).containsExactly("previous", "active");
        assertThat(meta.path("versions").get(1).path("rotation_reason").asText()).isEqualTo("scheduled");

        Thread.sleep(2_100);
        for (var response : List.of(get("app/k?version=previous"), get("app/k?version=1"))) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.json().path("error").path("message").asText())
                    .startsWith("version 1 of app/k was retired by a rotation at ");
        }
        assertThat(states(server.root("GET", SECRETS + "app/k/metadata", null).json()))
                .containsExactly("retired", "active");
    }

    @Test
    void secondRotation_retiresTheEarlierPreviousForGood() {
        put("app/k", "{\"value\":\"v1\"}");
        server.root("POST", SECRETS + "app/k/rotate", "{\"value\":\"v2\",\"grace\":\"1h\"}");
        server.root("POST", SECRETS + "app/k/rotate", "{\"value\":\"v3\",\"grace\":\"1h\"}");
        assertThat(get("app/k?version=1").status()).isEqualTo(404);
        assertThat(get("app/k?version=previous").json().path("value").asText()).isEqualTo("v2");
        assertThat(states(server.root("GET", SECRETS + "app/k/metadata", null).json()))
                .containsExactly("retired", "previous", "active");
    }

    @Test
    void rotationWithoutGrace_retiresAtOnce_andPreviousSurvivesPruningDuringItsGrace() throws SQLException {
        put("app/k", "{\"value\":\"v1\",\"max_versions\":1}");
        server.root("POST", SECRETS + "app/k/rotate", "{\"value\":\"v2\",\"grace\":\"1h\"}");
        assertThat(query("SELECT version FROM secret_versions ORDER BY version")).containsExactly("1", "2");
        server.root("POST", SECRETS + "app/k/rotate", "{\"value\":\"v3\"}");
        assertThat(query("SELECT version FROM secret_versions ORDER BY version")).containsExactly("3");
        assertThat(get("app/k?version=previous").status()).isEqualTo(404);
    }

    @Test
    void rotatingFields_keepsTheType_andGenerateOnFieldsIsSecretStructure() {
        put("app/db", "{\"type\":\"connection\",\"fields\":{\"user\":\"a\",\"password\":\"p1\"}}");
        var generated = server.root("POST", SECRETS + "app/db/rotate", "{\"generate\":{}}");
        assertThat(generated.status()).isEqualTo(400);
        assertThat(generated.errorCode()).isEqualTo("secret_structure");
        assertThat(server.root("POST", SECRETS + "app/db/rotate", "{\"fields\":{\"user\":\"a\",\"password\":\"p2\"}}")
                .status()).isEqualTo(200);
        JsonNode read = get("app/db").json();
        assertThat(read.path("type").asText()).isEqualTo("connection");
        assertThat(read.path("fields").path("password").asText()).isEqualTo("p2");
    }

    @Test
    void rotatingDeletedOrDestroyed_is409_andMissing_is404() throws SQLException {
        put("app/gone", "{\"value\":\"v\"}");
        server.root("DELETE", SECRETS + "app/gone", null);
        assertThat(server.root("POST", SECRETS + "app/gone/rotate", "{\"value\":\"x\"}").status()).isEqualTo(409);
        put("app/burnt", "{\"value\":\"v\"}");
        server.root("DELETE", SECRETS + "app/burnt?permanent=true", null);
        var destroyed = server.root("POST", SECRETS + "app/burnt/rotate", "{\"generate\":{}}");
        assertThat(destroyed.status()).isEqualTo(409);
        assertThat(destroyed.json().path("error").path("message").asText()).contains("destroyed");
        assertThat(server.root("POST", SECRETS + "app/none/rotate", "{\"value\":\"x\"}").status()).isEqualTo(404);
        assertThat(query("SELECT COUNT(*) FROM secret_versions")).containsExactly("2");
    }

    @Test
    void badRotations_are400AndChangeNothing() throws SQLException {
        put("app/k", "{\"value\":\"v1\"}");
        for (String body : List.of("{}", "{\"value\":\"a\",\"generate\":{}}", "{\"value\":\"a\",\"grace\":\"soon\"}",
                "{\"value\":\"a\",\"reason\":\"" + "r".repeat(65) + "\"}", "{\"generate\":{\"length\":7}}",
                "{\"generate\":{\"lower\":false,\"upper\":false,\"digits\":false,\"symbols\":false}}",
                "{\"fields\":{\"a\":\"b\"}}")) {
            assertThat(server.root("POST", SECRETS + "app/k/rotate", body).status()).as(body).isEqualTo(400);
        }
        assertThat(query("SELECT current_version || ':' || COALESCE(previous_version, 0) FROM secrets"))
                .containsExactly("1:0");
        assertThat(query("SELECT COUNT(*) FROM secret_versions")).containsExactly("1");
    }

    // ---- projects

    @Test
    void projectRename_movesEveryPath_keepsIdsAndValues() throws SQLException {
        String id = put("app/db/main", "{\"value\":\"v1\"}").json().path("id").asText();
        put("app/other", "{\"fields\":{\"a\":\"b\"}}");
        byte[] before = ciphertext(id);
        var renamed = server.root("PATCH", "/v1/vaults/default/projects/app", "{\"name\":\"billing\"}");
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().path("name").asText()).isEqualTo("billing");

        JsonNode moved = get("billing/db/main").json();
        assertThat(moved.path("id").asText()).isEqualTo(id);
        assertThat(moved.path("value").asText()).isEqualTo("v1");
        assertThat(get("billing/other?field=a").json().path("value").asText()).isEqualTo("b");
        assertThat(get("app/db/main").status()).isEqualTo(404);
        assertThat(server.root("GET", "/v1/secrets/" + id, null).json().path("path").asText())
                .isEqualTo("billing/db/main");
        assertThat(ciphertext(id)).isEqualTo(before);
        assertThat(query("SELECT path FROM secrets ORDER BY path")).containsExactly("billing/db/main", "billing/other");
        assertThat(put("billing/new", "{\"value\":\"x\"}").status()).isEqualTo(200);
    }

    @Test
    void projectRename_toATakenOrBadName_isRefusedAndChangesNothing() throws SQLException {
        put("app/k", "{\"value\":\"v\"}");
        server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"ops\"}");
        assertThat(server.root("PATCH", "/v1/vaults/default/projects/app", "{\"name\":\"ops\"}").status())
                .isEqualTo(409);
        assertThat(server.root("PATCH", "/v1/vaults/default/projects/app", "{\"name\":\"bad name\"}").status())
                .isEqualTo(400);
        assertThat(server.root("PATCH", "/v1/vaults/default/projects/app", "{\"max_versions\":1001}").status())
                .isEqualTo(400);
        assertThat(server.root("PATCH", "/v1/vaults/default/projects/nope", "{\"name\":\"x\"}").status())
                .isEqualTo(404);
        assertThat(query("SELECT path FROM secrets")).containsExactly("app/k");
        assertThat(query("SELECT name FROM projects ORDER BY name")).containsExactly("app", "ops");
    }

    @Test
    void projectsShowMaxVersions() {
        JsonNode list = server.root("GET", "/v1/vaults/default/projects", null).json();
        assertThat(list.path("data").get(0).path("max_versions").asInt()).isEqualTo(10);
    }

    @Test
    void projectDelete_isRefusedWhileItHoldsSecrets_andForceSoftDeletesThem() throws SQLException {
        put("app/a", "{\"value\":\"v\"}");
        put("app/b", "{\"value\":\"v\"}");
        var refused = server.root("DELETE", "/v1/vaults/default/projects/app", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("error").path("message").asText()).contains("2 secrets");
        assertThat(query("SELECT COUNT(*) FROM secrets WHERE deleted_at IS NULL")).containsExactly("2");

        assertThat(server.root("DELETE", "/v1/vaults/default/projects/app?force=true", null).status()).isEqualTo(204);
        assertThat(query("SELECT COUNT(*) FROM secrets WHERE deleted_at IS NULL")).containsExactly("0");
        assertThat(query("SELECT COUNT(*) FROM secret_versions WHERE ciphertext IS NOT NULL")).containsExactly("2");
        assertThat(get("app/a").status()).isEqualTo(404);
        assertThat(put("app/c", "{\"value\":\"v\"}").status()).isEqualTo(404);
        assertThat(server.root("GET", "/v1/vaults/default/projects", null).json().path("data")).isEmpty();
    }

    @Test
    void emptyProject_deletesWithoutForce() {
        server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"empty\"}");
        assertThat(server.root("DELETE", "/v1/vaults/default/projects/empty", null).status()).isEqualTo(204);
        assertThat(server.root("DELETE", "/v1/vaults/default/projects/empty", null).status()).isEqualTo(404);
        assertThat(server.root("DELETE", "/v1/vaults/default/projects/app?force=maybe", null).status()).isEqualTo(400);
    }

    // ---- helpers

    private TestServer.Response put(String path, String body) {
        return server.root("PUT", SECRETS + path, body);
    }

    private TestServer.Response get(String pathAndQuery) {
        return server.root("GET", SECRETS + pathAndQuery, null);
    }

    private static List<String> states(JsonNode metadata) {
        var states = new ArrayList<String>();
        metadata.path("versions").forEach(v -> states.add(v.path("state").asText()));
        return states;
    }

    private static String tags(int count) {
        var tags = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            tags.add("\"t" + i + "\"");
        }
        return "[" + String.join(",", tags) + "]";
    }

    private Connection connect() throws SQLException {
        var storage = server.config().storage();
        return DriverManager.getConnection(storage.jdbcUrl(), storage.user().orElse(null),
                storage.password().orElse(null));
    }

    /** The first column of every row, as text. */
    private List<String> query(String sql) throws SQLException {
        try (Connection c = connect(); var rs = c.createStatement().executeQuery(sql)) {
            var values = new ArrayList<String>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    private byte[] ciphertext(String id) throws SQLException {
        try (Connection c = connect(); var s = c.prepareStatement(
                "SELECT ciphertext FROM secret_versions WHERE secret_id = ? AND version = 1")) {
            s.setString(1, id);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        }
    }
}
