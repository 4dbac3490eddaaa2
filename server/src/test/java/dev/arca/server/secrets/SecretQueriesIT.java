package dev.arca.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing and search, batch read, export and resolve over real HTTP, as root and as narrow vault tokens. */
class SecretQueriesIT {
    private static final String V = "/v1/vaults/default";

    @TempDir
    Path dir;
    TestServer server;
    final Map<String, String> ids = new TreeMap<>();

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        for (String project : List.of("app", "application", "other")) {
            expect(201, server.root("POST", V + "/projects", "{\"name\":\"" + project + "\"}"));
        }
        put("app/db", "{\"value\":\"db-pass\",\"tags\":[\"prod\"]}");
        put("app/db/main", "{\"fields\":{\"user\":\"admin\",\"password\":\"hunter2\"},\"tags\":[\"prod\",\"db\"]}");
        put("app/api-key", "{\"value\":\"key-1\"}");
        put("app/nested/deep/x", "{\"value\":\"deep\"}");
        put("application/web", "{\"value\":\"web\",\"tags\":[\"prod\"]}");
        put("other/x", "{\"value\":\"other\"}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void listing_filtersByPrefixProjectTagAndName_andShowsMetadataOnly() {
        assertThat(paths(list("prefix=app/"))).containsExactly("app/api-key", "app/db", "app/db/main",
                "app/nested/deep/x");
        assertThat(paths(list("prefix=app"))).containsExactly("app/api-key", "app/db", "app/db/main",
                "app/nested/deep/x", "application/web");
        assertThat(paths(list("project=app"))).isEqualTo(paths(list("prefix=app/")));
        assertThat(paths(list("project=app&prefix=app/db"))).containsExactly("app/db", "app/db/main");
        assertThat(paths(list("project=app&prefix=ap"))).hasSize(4);
        assertThat(paths(list("project=other&prefix=app/"))).isEmpty();
        assertThat(paths(list("tag=prod"))).containsExactly("app/db", "app/db/main", "application/web");
        assertThat(paths(list("tag=prod&project=app"))).containsExactly("app/db", "app/db/main");
        assertThat(paths(list("tag=nope"))).isEmpty();
        assertThat(paths(list("q=DB"))).containsExactly("app/db", "app/db/main");
        assertThat(paths(list("q=app"))).as("q matches the name, not the project").isEmpty();
        assertThat(paths(list("q=" + enc("db/m")))).containsExactly("app/db/main");
        assertThat(paths(list("q=" + enc("%")))).as("LIKE wildcards in q are literal").isEmpty();

        JsonNode main = list("prefix=app/db/main").path("data").get(0);
        assertThat(main.path("id").asText()).isEqualTo(ids.get("app/db/main"));
        assertThat(main.path("name").asText()).isEqualTo("db/main");
        assertThat(main.path("path").asText()).isEqualTo("app/db/main");
        assertThat(main.path("project_id").asText()).startsWith("proj_");
        assertThat(main.path("type").asText()).isEqualTo("json");
        assertThat(main.path("version").asInt()).isEqualTo(1);
        assertThat(main.path("field_names")).hasToString("[\"password\",\"user\"]");
        assertThat(main.path("tags")).hasToString("[\"db\",\"prod\"]");
        assertThat(main.path("updated_at").asText()).isNotEmpty();
        assertThat(main.has("value")).isFalse();
        assertThat(main.has("fields")).isFalse();
        JsonNode single = list("prefix=app/api-key").path("data").get(0);
        assertThat(single.has("field_names")).as("null for a single value").isFalse();
        assertThat(single.path("tags")).isEmpty();
    }

    @Test
    void nonRecursiveListing_showsOnlyDirectChildrenOfThePrefix() {
        assertThat(paths(list("prefix=app/&recursive=false"))).containsExactly("app/api-key", "app/db");
        assertThat(paths(list("prefix=app/db&recursive=false"))).containsExactly("app/db");
        assertThat(paths(list("prefix=app/nested/&recursive=false"))).isEmpty();
        assertThat(paths(list("prefix=app/nested/deep/&recursive=false"))).containsExactly("app/nested/deep/x");
    }

    @Test
    void pagingWithTheCursor_reachesEveryItemOnce() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = list("limit=2" + (cursor == null ? "" : "&cursor=" + enc(cursor)));
            seen.addAll(paths(page));
            cursor = page.path("has_more").asBoolean() ? page.path("cursor").asText() : null;
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("app/api-key", "app/db", "app/db/main", "app/nested/deep/x",
                "application/web", "other/x");
    }

    @Test
    void tamperedOrForeignCursor_is400NamingCursor_andBadParametersAre400() {
        String cursor = list("limit=1").path("cursor").asText();
        String tampered = cursor.charAt(0) == 'Y' ? "Z" + cursor.substring(1) : "Y" + cursor.substring(1);
        assertError(400, "cursor", server.root("GET", V + "/secrets?cursor=" + enc(tampered), null));
        assertError(400, "cursor", server.root("GET", V + "/secrets?cursor=!!notacursor", null));
        expect(201, server.root("POST", "/v1/vaults", "{\"name\":\"second\"}"));
        assertError(400, "cursor", server.root("GET", "/v1/vaults/second/secrets?cursor=" + enc(cursor), null));
        assertError(400, "limit", server.root("GET", V + "/secrets?limit=0", null));
        assertError(400, "limit", server.root("GET", V + "/secrets?limit=1001", null));
        assertError(400, "recursive", server.root("GET", V + "/secrets?recursive=yes", null));
        assertError(400, "project", server.root("GET", V + "/secrets?project=a/b", null));
    }

    @Test
    void cursorsDoNotSurviveARestart() {
        String cursor = list("limit=1").path("cursor").asText();
        server.restart();
        server.unsealKeys.stream().limit(3).forEach(server::unseal);
        assertError(400, "cursor", server.root("GET", V + "/secrets?cursor=" + enc(cursor), null));
    }

    @Test
    void vaultTokenAllowedOnlyAppStarStar_seesOnlyThoseItems() {
        String token = tokenWith("{\"path\":\"app/**\",\"permissions\":[\"list\"]}");
        var listed = server.call("GET", V + "/secrets?prefix=app", token, null);
        expect(200, listed);
        assertThat(paths(listed.json())).containsExactly("app/api-key", "app/db", "app/db/main", "app/nested/deep/x");
        assertThat(paths(server.call("GET", V + "/secrets", token, null).json())).as("least privilege: no list on "
                + "the vault needed").containsExactly("app/api-key", "app/db", "app/db/main", "app/nested/deep/x");
        assertThat(paths(server.call("GET", V + "/secrets?prefix=application", token, null).json())).isEmpty();
        assertThat(paths(server.call("GET", V + "/secrets?project=app&tag=prod", token, null).json()))
                .containsExactly("app/db", "app/db/main");
    }

    @Test
    void batchRead_answersEachItemOnItsOwn_authorizationBeforeExistence() {
        String token = tokenWith("{\"path\":\"app/**\",\"permissions\":[\"read\"]}");
        String body = "{\"paths\":[\"app/db\",\"app/db/main\",\"other/x\",\"app/missing\",\"other/missing\"],"
                + "\"ids\":[\"" + ids.get("app/api-key") + "\",\"" + ids.get("other/x") + "\",\"sk_nosuchsecret\"]}";
        var response = server.call("POST", V + "/secrets/batch", token, body);
        expect(200, response);
        JsonNode secrets = response.json().path("secrets");
        JsonNode errors = response.json().path("errors");
        assertThat(secrets.path("app/db").path("value").asText()).isEqualTo("db-pass");
        assertThat(secrets.path("app/db/main").path("fields").path("password").asText()).isEqualTo("hunter2");
        assertThat(secrets.path(ids.get("app/api-key")).path("value").asText()).isEqualTo("key-1");
        assertThat(secrets.size()).isEqualTo(3);
        assertThat(errors.path("other/x").path("code").asText()).isEqualTo("access_denied");
        assertThat(errors.path("other/missing").path("code").asText()).isEqualTo("access_denied");
        assertThat(errors.path("other/x").path("message").asText())
                .isEqualTo(errors.path("other/missing").path("message").asText().replace("other/missing", "other/x"));
        assertThat(errors.path("app/missing").path("code").asText()).isEqualTo("not_found");
        assertThat(errors.path(ids.get("other/x")).path("code").asText()).isEqualTo("access_denied");
        assertThat(errors.path("sk_nosuchsecret").path("code").asText()).isEqualTo("access_denied");
        assertThat(errors.size()).isEqualTo(5);
        assertThat(response.body()).doesNotContain("other\"");

        var root = server.root("POST", V + "/secrets/batch", "{\"ids\":[\"sk_nosuchsecret\",\"" + ids.get("other/x")
                + "\"],\"paths\":[\"bad//path\"]}").json();
        assertThat(root.path("errors").path("sk_nosuchsecret").path("code").asText()).isEqualTo("not_found");
        assertThat(root.path("errors").path("bad//path").path("code").asText()).isEqualTo("invalid_request");
        assertThat(root.path("secrets").path(ids.get("other/x")).path("value").asText()).isEqualTo("other");
    }

    @Test
    void batchRead_refusesEmptyAndOversizedBatches_andPrincipalsOfOtherVaults() {
        assertError(400, "paths", server.root("POST", V + "/secrets/batch", "{}"));
        var many = new StringBuilder("{\"paths\":[");
        for (int i = 0; i < 101; i++) {
            many.append(i == 0 ? "" : ",").append("\"app/s").append(i).append('"');
        }
        assertError(400, "paths", server.root("POST", V + "/secrets/batch", many.append("]}").toString()));
        expect(201, server.root("POST", "/v1/vaults", "{\"name\":\"second\"}"));
        String foreign = server.root("POST", "/v1/tokens", "{\"vault\":\"second\",\"policies\":[\"x\"]}").json()
                .path("token").asText();
        expect(403, server.call("POST", V + "/secrets/batch", foreign, "{\"paths\":[\"app/db\"]}"));
        expect(403, server.call("POST", "/v1/vaults/nosuchvault/secrets/batch", foreign, "{\"paths\":[\"app/db\"]}"));
    }

    @Test
    void export_flattensToEnvironmentNames_reportsCollisions_andOnlyWhatTheCallerMayRead() {
        put("app/api_key", "{\"value\":\"key-2\"}");
        var export = server.root("GET", V + "/export?project=app", null);
        expect(200, export);
        JsonNode variables = export.json().path("variables");
        assertThat(variables).hasToString("{\"DB\":\"db-pass\",\"DB_MAIN_PASSWORD\":\"hunter2\","
                + "\"DB_MAIN_USER\":\"admin\",\"NESTED_DEEP_X\":\"deep\"}");
        assertThat(export.json().path("collisions")).hasToString(
                "[{\"name\":\"API_KEY\",\"paths\":[\"app/api-key\",\"app/api_key\"]}]");

        String token = tokenWith("{\"path\":\"app/db\",\"permissions\":[\"read\"]}");
        var narrow = server.call("GET", V + "/export?project=app", token, null);
        expect(200, narrow);
        assertThat(narrow.json().path("variables")).hasToString("{\"DB\":\"db-pass\"}");
        assertThat(narrow.json().path("collisions")).isEmpty();

        assertError(400, "project", server.root("GET", V + "/export?project=bad%20name", null));
        assertThat(server.root("GET", V + "/export?project=nosuch", null).json().path("variables")).isEmpty();
    }

    @Test
    void exportWithoutAProject_takesEveryProject_andReportsNamesTwoProjectsShare() {
        server.root("POST", V + "/projects", "{\"name\":\"web\"}");
        put("web/db", "{\"value\":\"web-db\"}");
        put("web/only-web", "{\"value\":\"w\"}");
        var export = server.root("GET", V + "/export", null);
        expect(200, export);
        assertThat(export.json().path("variables").path("ONLY_WEB").asText()).isEqualTo("w");
        assertThat(export.json().path("variables").has("DB")).isFalse();
        assertThat(export.json().path("collisions").toString()).contains("\"name\":\"DB\"").contains("app/db")
                .contains("web/db");
    }

    @Test
    void resolve_answersPathIdAndFieldReferences_andEachBadOneAlone() {
        String token = tokenWith("{\"path\":\"app/**\",\"permissions\":[\"read\"]}");
        List<String> refs = List.of("arca://app/db", "arca://app/db/main/field/user",
                "arca://" + ids.get("app/db/main") + "/field/password", "arca://" + ids.get("app/api-key"),
                "arca://app/db/field/x", "arca://app/db/main/field/nope", "vault://app/db", "arca://app//db",
                "arca://app/missing", "arca://other/x", "arca://" + ids.get("other/x"));
        var response = server.call("POST", V + "/resolve", token, "{\"refs\":" + json(refs) + "}");
        expect(200, response);
        JsonNode values = response.json().path("values");
        JsonNode errors = response.json().path("errors");
        assertThat(values.path("arca://app/db").asText()).isEqualTo("db-pass");
        assertThat(values.path("arca://app/db/main/field/user").asText()).isEqualTo("admin");
        assertThat(values.path(refs.get(2)).asText()).isEqualTo("hunter2");
        assertThat(values.path(refs.get(3)).asText()).isEqualTo("key-1");
        assertThat(values.size()).isEqualTo(4);
        assertThat(errors.path("arca://app/db/field/x").path("code").asText()).isEqualTo("secret_structure");
        assertThat(errors.path("arca://app/db/main/field/nope").path("code").asText()).isEqualTo("field_not_found");
        assertThat(errors.path("arca://app/db/main/field/nope").path("message").asText())
                .contains("password, user").doesNotContain("hunter2").doesNotContain("admin");
        assertThat(errors.path("vault://app/db").path("code").asText()).isEqualTo("invalid_request");
        assertThat(errors.path("vault://app/db").path("message").asText()).contains("unknown scheme 'vault'");
        assertThat(errors.path("arca://app//db").path("message").asText()).contains("empty segment");
        assertThat(errors.path("arca://app/missing").path("code").asText()).isEqualTo("not_found");
        assertThat(errors.path("arca://other/x").path("code").asText()).isEqualTo("access_denied");
        assertThat(errors.path(refs.get(10)).path("code").asText()).isEqualTo("access_denied");
        assertThat(errors.size()).isEqualTo(7);

        assertError(400, "refs", server.call("POST", V + "/resolve", token, "{\"refs\":[]}"));
    }

    private void put(String path, String body) {
        var written = server.root("PUT", V + "/secrets/" + path, body);
        expect(200, written);
        ids.put(path, written.json().path("id").asText());
    }

    private String tokenWith(String rule) {
        String name = "p" + Long.toHexString(System.nanoTime());
        expect(200, server.root("PUT", V + "/policies/" + name, "{\"rules\":[" + rule + "]}"));
        return server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\"" + name + "\"]}").json()
                .path("token").asText();
    }

    private JsonNode list(String query) {
        var response = server.root("GET", V + "/secrets?" + query, null);
        expect(200, response);
        return response.json();
    }

    private static List<String> paths(JsonNode page) {
        List<String> paths = new ArrayList<>();
        page.path("data").forEach(item -> paths.add(item.path("path").asText()));
        return paths;
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String json(List<String> texts) {
        return texts.stream().map(t -> "\"" + t + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    private static void expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
    }

    private static void assertError(int status, String field, TestServer.Response response) {
        expect(status, response);
        assertThat(response.json().path("error").path("details").path("field").asText()).isEqualTo(field);
    }
}
