package dev.arca.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/vaults/{vault}/secrets} for principals allowed part of a vault: no {@code list} on the whole vault
 * or the prefix is needed, each page shows what the caller may list, fills past hidden rows, and tells nothing
 * about what it hides; {@code ?project=} by name or id; export by project id.
 */
class LeastPrivilegeListingIT {
    private static final String V = "/v1/vaults/default";

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        for (String project : List.of("aaa", "app", "zzz")) {
            expect(201, server.root("POST", V + "/projects", "{\"name\":\"" + project + "\"}"));
        }
        put("aaa/first");
        put("app/api-key");
        put("app/db");
        put("app/db/main");
        put("zzz/last");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void policyAppStarStar_listsWithoutAPrefix_withPrefixApp_andByProjectNameOrId() {
        String token = tokenWith("{\"path\":\"app/**\",\"permissions\":[\"list\"]}");
        assertThat(paths(list(token, ""))).containsExactly("app/api-key", "app/db", "app/db/main");
        assertThat(paths(list(token, "prefix=app"))).containsExactly("app/api-key", "app/db", "app/db/main");
        assertThat(paths(list(token, "prefix=app/db"))).containsExactly("app/db", "app/db/main");
        assertThat(paths(list(token, "project=app"))).containsExactly("app/api-key", "app/db", "app/db/main");
        assertThat(paths(list(token, "project=" + projectId("app"))))
                .containsExactly("app/api-key", "app/db", "app/db/main");
        assertThat(paths(list(token, "prefix=zzz"))).isEmpty();
        assertThat(paths(list(token, "project=zzz"))).isEmpty();
    }

    @Test
    void policyOnOneSecret_listsJustThatSecret_withOrWithoutAPrefix() {
        String token = tokenWith("{\"path\":\"app/db\",\"permissions\":[\"list\"]}");
        assertThat(paths(list(token, ""))).containsExactly("app/db");
        assertThat(paths(list(token, "prefix=app/"))).containsExactly("app/db");
        assertThat(paths(list(token, "project=app"))).containsExactly("app/db");
    }

    @Test
    void pagingUnderFiltering_fillsEachPage_andHasMoreOnlyWhenAVisibleItemFollows() {
        for (int i = 0; i < 450; i++) {
            put(String.format("app/hidden/%03d", i));
        }
        put("app/zeta");
        put("app/zeta2");
        put("app/zeta3");
        String token = tokenWith("{\"path\":\"app/**\",\"permissions\":[\"list\"]},"
                + "{\"path\":\"app/hidden/**\",\"permissions\":[\"list\"],\"effect\":\"deny\"}");
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = list(token, "limit=2" + (cursor == null ? "" : "&cursor=" + enc(cursor)));
            seen.addAll(paths(page));
            sizes.add(page.path("data").size());
            cursor = page.path("has_more").asBoolean() ? page.path("cursor").asText() : null;
            if (cursor != null) {
                assertThat(new String(java.util.Base64.getUrlDecoder().decode(cursor.substring(0, cursor.indexOf('.'))),
                        StandardCharsets.UTF_8)).as("the cursor names the last item shown").isEqualTo(
                        seen.getLast());
            }
        } while (cursor != null);
        assertThat(seen).containsExactly("app/api-key", "app/db", "app/db/main", "app/zeta", "app/zeta2",
                "app/zeta3");
        assertThat(sizes).as("every page full, past 450 hidden rows, and no empty last page").containsExactly(2, 2, 2);
    }

    @Test
    void nothingListable_isAnEmptyPage_whetherTheProjectExistsOrNot_andForeignPrincipalsAre403() {
        String token = tokenWith("{\"path\":\"aaa/**\",\"permissions\":[\"read\"]}");
        JsonNode existing = list(token, "project=app");
        JsonNode unknownName = list(token, "project=nosuch");
        JsonNode unknownId = list(token, "project=proj_AAAAAAAAAAAAAAAAAAAAAA");
        JsonNode existingId = list(token, "project=" + projectId("app"));
        for (JsonNode page : List.of(existing, unknownName, unknownId, existingId)) {
            assertThat(page.toString()).isEqualTo("{\"data\":[],\"has_more\":false}");
        }
        assertThat(list(token, "").toString()).as("read is not list").isEqualTo("{\"data\":[],\"has_more\":false}");
        assertThat(paths(server.root("GET", V + "/secrets?project=nosuch", null).json())).isEmpty();

        expect(201, server.root("POST", "/v1/vaults", "{\"name\":\"second\"}"));
        String foreign = server.root("POST", "/v1/tokens", "{\"vault\":\"second\",\"policies\":[\"x\"]}").json()
                .path("token").asText();
        var refused = server.call("GET", V + "/secrets", foreign, null);
        expect(403, refused);
        var unknownVault = server.call("GET", "/v1/vaults/nosuchvault/secrets", foreign, null);
        expect(403, unknownVault);
        assertThat(unknownVault.json().path("error").path("message").asText())
                .isEqualTo(refused.json().path("error").path("message").asText().replace("default", "nosuchvault"));
        assertError(400, "project", server.call("GET", V + "/secrets?project=a/b", token, null));
    }

    @Test
    void exportByProjectId_needsNoListing_andAnUnknownIdExportsNothing() {
        String token = tokenWith("{\"path\":\"app/**\",\"permissions\":[\"read\"]}");
        var byId = server.call("GET", V + "/export?project=" + projectId("app"), token, null);
        expect(200, byId);
        assertThat(byId.json().path("variables").path("DB").asText()).isEqualTo("value of app/db");
        assertThat(byId.json().path("variables").path("API_KEY").asText()).isEqualTo("value of app/api-key");
        assertThat(byId.json().path("variables").toString())
                .isEqualTo(server.call("GET", V + "/export?project=app", token, null).json().path("variables")
                        .toString());
        var unknown = server.call("GET", V + "/export?project=proj_AAAAAAAAAAAAAAAAAAAAAA", token, null);
        expect(200, unknown);
        assertThat(unknown.json().path("variables")).isEmpty();
    }

    private void put(String path) {
        expect(200, server.root("PUT", V + "/secrets/" + path, "{\"value\":\"value of " + path + "\"}"));
    }

    private String projectId(String name) {
        for (JsonNode project : server.root("GET", V + "/projects", null).json().path("data")) {
            if (project.path("name").asText().equals(name)) {
                return project.path("id").asText();
            }
        }
        throw new AssertionError("no project " + name);
    }

    private String tokenWith(String rules) {
        String name = "p" + Long.toHexString(System.nanoTime());
        expect(200, server.root("PUT", V + "/policies/" + name, "{\"rules\":[" + rules + "]}"));
        return server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\"" + name + "\"]}").json()
                .path("token").asText();
    }

    private JsonNode list(String token, String query) {
        var response = server.call("GET", V + "/secrets" + (query.isEmpty() ? "" : "?" + query), token, null);
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

    private static void expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
    }

    private static void assertError(int status, String field, TestServer.Response response) {
        expect(status, response);
        assertThat(response.json().path("error").path("details").path("field").asText()).isEqualTo(field);
    }
}
