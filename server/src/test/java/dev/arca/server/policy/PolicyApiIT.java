package dev.arca.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import dev.arca.server.storage.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policies over real HTTP: they decide what vault tokens may do, and their administration round-trips. */
class PolicyApiIT {
    private static final String POLICIES = "/v1/vaults/default/policies";
    private static final String READERS = "{\"rules\":[{\"path\":\"app/**\",\"permissions\":[\"read\",\"list\"]}]}";

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        startOn(null);
    }

    private void startOn(String storage) {
        server = TestServer.start(dir.resolve(storage == null ? "sqlite" : "postgres"), storage).initAndUnseal();
        expect(201, server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}"));
        expect(201, server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"other\"}"));
        expect(200, server.root("PUT", "/v1/vaults/default/secrets/app/db", "{\"value\":\"app-pass\"}"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void vaultToken_isAllowedWhatItsPolicyGrants_andDeniedTheRest_beforeAnyExistenceCheck() {
        expect(200, server.root("PUT", POLICIES + "/readers", READERS));
        String token = vaultToken("readers").path("token").asText();

        var read = server.call("GET", "/v1/vaults/default/secrets/app/db", token, null);
        expect(200, read);
        assertThat(read.json().path("value").asText()).isEqualTo("app-pass");
        expect(404, server.call("GET", "/v1/vaults/default/secrets/app/missing", token, null));
        expect(200, server.call("GET", "/v1/vaults/default/secrets?prefix=app/", token, null));

        var missing = server.call("GET", "/v1/vaults/default/secrets/other/x", token, null);
        expect(403, missing);
        assertThat(missing.errorCode()).isEqualTo("access_denied");
        assertThat(missing.json().path("error").path("message").asText())
                .contains("no rule allows it (policies considered: readers)");
        expect(200, server.root("PUT", "/v1/vaults/default/secrets/other/x", "{\"value\":\"other-pass\"}"));
        var existing = server.call("GET", "/v1/vaults/default/secrets/other/x", token, null);
        expect(403, existing);
        assertThat(existing.body()).isEqualTo(missing.body().replace(missing.json().path("error")
                .path("request_id").asText(), existing.json().path("error").path("request_id").asText()));

        expect(403, server.call("PUT", "/v1/vaults/default/secrets/app/db", token, "{\"value\":\"changed\"}"));
        var wholeVault = server.call("GET", "/v1/vaults/default/secrets", token, null);
        expect(200, wholeVault);
        assertThat(wholeVault.json().path("data").findValuesAsText("path")).as("least privilege: only app/**")
                .containsExactly("app/db");
        expect(403, server.call("GET", POLICIES + "/readers", token, null));
        assertThat(server.root("GET", "/v1/vaults/default/secrets/app/db", null).json().path("value").asText())
                .isEqualTo("app-pass");
    }

    @Test
    void policyChanges_decideTheVeryNextRequest() {
        expect(200, server.root("PUT", POLICIES + "/readers", READERS));
        String token = vaultToken("readers").path("token").asText();
        expect(200, server.call("GET", "/v1/vaults/default/secrets/app/db", token, null));

        expect(200, server.root("PUT", POLICIES + "/readers", "{\"rules\":[{\"path\":\"app/**\",\"permissions\":"
                + "[\"read\"]},{\"path\":\"app/db\",\"permissions\":[\"read\"],\"effect\":\"deny\"}]}"));
        var denied = server.call("GET", "/v1/vaults/default/secrets/app/db", token, null);
        expect(403, denied);
        assertThat(denied.json().path("error").path("message").asText())
                .contains("denied by policy 'readers' rule 1 (deny app/db)");

        expect(204, server.root("DELETE", POLICIES + "/readers", null));
        expect(403, server.call("GET", "/v1/vaults/default/secrets/app/db", token, null));
    }

    @Test
    void boundPolicy_appliesToTheTokenSubject() {
        expect(200, server.root("PUT", POLICIES + "/readers", READERS));
        JsonNode created = vaultToken("nothing-yet");
        String token = created.path("token").asText();
        expect(403, server.call("GET", "/v1/vaults/default/secrets/app/db", token, null));
        expect(204, server.root("POST", POLICIES + "/readers/bindings",
                "{\"subject\":\"token:" + created.path("accessor").asText() + "\"}"));
        expect(200, server.call("GET", "/v1/vaults/default/secrets/app/db", token, null));
    }

    @Test
    void policyAdmin_canManagePolicies_othersCannot_andTheirAttemptChangesNothing() {
        expect(200, server.root("PUT", POLICIES + "/policy-admin", "{\"rules\":[{\"path\":\"_policies\","
                + "\"permissions\":[\"admin\",\"read\",\"list\"]}]}"));
        expect(200, server.root("PUT", POLICIES + "/readers", READERS));
        String admin = vaultToken("policy-admin").path("token").asText();
        String reader = vaultToken("readers").path("token").asText();

        expect(200, server.call("PUT", POLICIES + "/ops", admin, READERS));
        expect(200, server.call("GET", POLICIES + "/ops", admin, null));
        expect(403, server.call("PUT", POLICIES + "/ops", reader, "{\"rules\":[]}"));
        expect(403, server.call("DELETE", POLICIES + "/ops", reader, null));
        expect(403, server.call("POST", POLICIES + "/ops/bindings", reader, "{\"subject\":\"user:eve\"}"));
        expect(403, server.call("POST", POLICIES + "/test", reader,
                "{\"subject\":\"user:eve\",\"path\":\"app/db\",\"permission\":\"read\"}"));
        assertThat(server.root("GET", POLICIES + "/ops", null).json().path("rules")).hasSize(1);
        assertThat(server.root("GET", POLICIES + "/ops/bindings", null).json().path("data")).isEmpty();
    }

    @Test
    void putGetListDeleteBindUnbind_roundTrip() {
        var put = server.root("PUT", POLICIES + "/readers", "{\"rules\":[{\"path\":\"app/**\",\"permissions\":"
                + "[\"list\",\"read\"],\"conditions\":{\"ip_ranges\":[\"10.1.2.3/8\"],\"require_mfa\":true,"
                + "\"not_after\":\"2099-01-01T01:00:00+01:00\"}}]}");
        expect(200, put);
        JsonNode policy = put.json();
        assertThat(policy.path("name").asText()).isEqualTo("readers");
        assertThat(policy.path("vault_id").asText()).startsWith("vault_");
        assertThat(policy.path("created_at").asText()).isNotEmpty();
        JsonNode rule = policy.path("rules").get(0);
        assertThat(rule.path("path").asText()).isEqualTo("app/**");
        assertThat(rule.path("permissions").toString()).isEqualTo("[\"read\",\"list\"]");
        assertThat(rule.path("effect").asText()).isEqualTo("allow");
        assertThat(rule.path("conditions").toString()).isEqualTo("{\"ip_ranges\":[\"10.0.0.0/8\"],"
                + "\"require_mfa\":true,\"not_after\":\"2099-01-01T00:00:00Z\"}");
        assertThat(server.root("GET", POLICIES + "/readers", null).json()).isEqualTo(policy);

        var replaced = server.root("PUT", POLICIES + "/readers", READERS).json();
        assertThat(replaced.path("created_at")).isEqualTo(policy.path("created_at"));
        assertThat(replaced.path("rules").get(0).has("conditions")).isFalse();

        expect(200, server.root("PUT", POLICIES + "/writers", "{\"rules\":[]}"));
        expect(200, server.root("PUT", POLICIES + "/admins", "{\"rules\":[]}"));
        var all = server.root("GET", POLICIES, null).json();
        assertThat(names(all)).containsExactly("admins", "readers", "writers");
        assertThat(all.path("has_more").asBoolean()).isFalse();
        var first = server.root("GET", POLICIES + "?limit=2", null).json();
        assertThat(names(first)).containsExactly("admins", "readers");
        assertThat(first.path("has_more").asBoolean()).isTrue();
        var second = server.root("GET", POLICIES + "?limit=2&cursor=" + first.path("cursor").asText(), null).json();
        assertThat(names(second)).containsExactly("writers");

        expect(204, server.root("POST", POLICIES + "/readers/bindings", "{\"subject\":\"user:alice\"}"));
        expect(204, server.root("POST", POLICIES + "/readers/bindings", "{\"subject\":\"machine:mach_abc\"}"));
        expect(204, server.root("POST", POLICIES + "/readers/bindings", "{\"subject\":\"user:alice\"}"));
        assertThat(server.root("GET", POLICIES + "/readers/bindings", null).json().path("data").toString())
                .isEqualTo("[\"machine:mach_abc\",\"user:alice\"]");
        expect(204, server.root("DELETE", POLICIES + "/readers/bindings/user:alice", null));
        expect(404, server.root("DELETE", POLICIES + "/readers/bindings/user:alice", null));
        assertThat(server.root("GET", POLICIES + "/readers/bindings", null).json().path("data").toString())
                .isEqualTo("[\"machine:mach_abc\"]");

        expect(204, server.root("DELETE", POLICIES + "/readers", null));
        expect(404, server.root("GET", POLICIES + "/readers", null));
        expect(404, server.root("GET", POLICIES + "/readers/bindings", null));
        expect(404, server.root("DELETE", POLICIES + "/readers", null));
        expect(200, server.root("PUT", POLICIES + "/readers", READERS));
        assertThat(server.root("GET", POLICIES + "/readers/bindings", null).json().path("data"))
                .as("deleting a policy removed its bindings").isEmpty();
        expect(404, server.root("POST", POLICIES + "/nope/bindings", "{\"subject\":\"user:alice\"}"));
    }

    @Test
    void invalidChanges_are400NamingTheField_andChangeNothing() {
        expect(200, server.root("PUT", POLICIES + "/readers", READERS));
        String before = server.root("GET", POLICIES + "/readers", null).body();

        var badGlob = server.root("PUT", POLICIES + "/readers", "{\"rules\":[{\"path\":\"ok/**\",\"permissions\":"
                + "[\"read\"]},{\"path\":\"app/a**b\",\"permissions\":[\"read\"]}]}");
        expectInvalid(badGlob, "rules[1].path");
        expectInvalid(server.root("PUT", POLICIES + "/readers", "{\"rules\":[{\"path\":\"app/**\",\"permissions\":"
                + "[\"write\"]}]}"), "rules[0].permissions");
        expectInvalid(server.root("PUT", POLICIES + "/readers", "{\"rules\":[{\"path\":\"app/**\",\"permissions\":"
                + "[\"read\"],\"conditions\":{\"ip_ranges\":[\"10.0.0.0/40\"]}}]}"), "rules[0].conditions.ip_ranges");
        expectInvalid(server.root("PUT", POLICIES + "/readers", "{\"rules\":[{\"path\":\"app/**\",\"permissions\":"
                + "[\"read\"],\"conditions\":{\"not_before\":\"2031-01-01T00:00:00Z\",\"not_after\":"
                + "\"2030-01-01T00:00:00Z\"}}]}"), "rules[0].conditions.not_before");
        expectInvalid(server.root("PUT", POLICIES + "/readers", "{\"rules\":[{\"path\":\"app/**\",\"permissions\":"
                + "[\"read\"],\"colour\":\"red\"}]}"), "colour");
        expectInvalid(server.root("PUT", POLICIES + "/readers", "{\"rules\":[null]}"), "rules[0]");
        expectInvalid(server.root("PUT", POLICIES + "/Readers", READERS), "name");
        expectInvalid(server.root("POST", POLICIES + "/readers/bindings", "{\"subject\":\"alice\"}"), "subject");
        expectInvalid(server.root("DELETE", POLICIES + "/readers/bindings/nobody", null), "subject");

        assertThat(server.root("GET", POLICIES + "/readers", null).body()).isEqualTo(before);
        assertThat(names(server.root("GET", POLICIES, null).json())).containsExactly("readers");
        assertThat(server.root("GET", POLICIES + "/readers/bindings", null).json().path("data")).isEmpty();
    }

    @Test
    void test_explainsAllowDenyAndConditions_forAnySubject() {
        expect(200, server.root("PUT", POLICIES + "/readers", READERS));
        expect(200, server.root("PUT", POLICIES + "/mfa-ops", "{\"rules\":[{\"path\":\"ops/**\",\"permissions\":"
                + "[\"read\"],\"conditions\":{\"require_mfa\":true,\"ip_ranges\":[\"2001:db8::/32\"]}}]}"));
        JsonNode token = vaultToken("readers");

        var allowed = test("{\"subject\":\"token:" + token.path("accessor").asText()
                + "\",\"path\":\"app/db\",\"permission\":\"read\"}");
        assertThat(allowed.path("allowed").asBoolean()).isTrue();
        assertThat(allowed.path("policy").asText()).isEqualTo("readers");
        assertThat(allowed.path("rule_index").asInt()).isZero();
        assertThat(allowed.path("rule").path("path").asText()).isEqualTo("app/**");
        assertThat(allowed.path("reason").asText()).isEqualTo("allowed by policy 'readers' rule 0 (app/** read,list)");
        assertThat(allowed.path("policies_considered").toString()).isEqualTo("[\"readers\"]");

        var denied = test("{\"subject\":\"token:" + token.path("accessor").asText()
                + "\",\"path\":\"other/x\",\"permission\":\"read\"}");
        assertThat(denied.path("allowed").asBoolean()).isFalse();
        assertThat(denied.has("policy")).isFalse();
        assertThat(denied.has("rule_index")).isFalse();
        assertThat(denied.path("reason").asText()).isEqualTo("no rule allows it (policies considered: readers)");

        expect(204, server.root("POST", POLICIES + "/mfa-ops/bindings", "{\"subject\":\"user:alice\"}"));
        var withoutMfa = test("{\"subject\":\"user:alice\",\"path\":\"ops/db\",\"permission\":\"read\","
                + "\"ip\":\"2001:db8::1\"}");
        assertThat(withoutMfa.path("allowed").asBoolean()).isFalse();
        assertThat(withoutMfa.path("reason").asText()).contains("rule 0 of 'mfa-ops' matched but requires MFA");
        var wrongIp = test("{\"subject\":\"user:alice\",\"path\":\"ops/db\",\"permission\":\"read\","
                + "\"ip\":\"10.0.0.1\",\"mfa\":true}");
        assertThat(wrongIp.path("reason").asText()).contains("10.0.0.1 is outside its ip_ranges");
        var ok = test("{\"subject\":\"user:alice\",\"path\":\"ops/db\",\"permission\":\"read\","
                + "\"ip\":\"2001:db8::1\",\"mfa\":true}");
        assertThat(ok.path("allowed").asBoolean()).isTrue();
        assertThat(ok.path("policies_considered").toString()).isEqualTo("[\"mfa-ops\"]");

        expectInvalid(server.root("POST", POLICIES + "/test", "{\"subject\":\"user:alice\",\"path\":\"ops/db\","
                + "\"permission\":\"write\"}"), "permission");
        expectInvalid(server.root("POST", POLICIES + "/test", "{\"subject\":\"user:alice\",\"path\":\"ops/db\","
                + "\"permission\":\"read\",\"ip\":\"10.0.0.0/8\"}"), "ip");
    }

    @Test
    void policy_hasAnIdKeptAcrossRuleReplacement_andADescription_andIsFoundByEither() {
        var created = server.root("PUT", POLICIES + "/readers", "{\"rules\":[{\"path\":\"app/**\",\"permissions\":"
                + "[\"read\"]}],\"description\":\"what the app reads\"}");
        expect(200, created);
        String id = created.json().path("id").asText();
        assertThat(id).startsWith("pol_");
        assertThat(created.json().path("description").asText()).isEqualTo("what the app reads");

        var replaced = server.root("PUT", POLICIES + "/readers", READERS);
        expect(200, replaced);
        assertThat(replaced.json().path("id").asText()).isEqualTo(id);
        assertThat(replaced.json().path("description").asText()).as("kept when not given")
                .isEqualTo("what the app reads");
        var byId = server.root("GET", POLICIES + "/" + id, null);
        expect(200, byId);
        assertThat(byId.json().path("name").asText()).isEqualTo("readers");
        assertThat(byId.json().path("rules").get(0).path("permissions").toString()).isEqualTo("[\"read\",\"list\"]");
        JsonNode listed = null;
        for (JsonNode item : server.root("GET", POLICIES, null).json().path("data")) {
            listed = item.path("name").asText().equals("readers") ? item : listed;
        }
        assertThat(listed).isNotNull();
        assertThat(listed.path("id").asText()).isEqualTo(id);
        assertThat(listed.path("description").asText()).isEqualTo("what the app reads");

        expect(204, server.root("POST", POLICIES + "/" + id + "/bindings", "{\"subject\":\"user:alice\"}"));
        assertThat(server.root("GET", POLICIES + "/readers/bindings", null).json().path("data").toString())
                .isEqualTo("[\"user:alice\"]");
        expect(204, server.root("DELETE", POLICIES + "/" + id + "/bindings/user:alice", null));
        assertThat(server.root("GET", POLICIES + "/" + id + "/bindings", null).json().path("data").size()).isZero();

        var cleared = server.root("PUT", POLICIES + "/readers", "{\"rules\":[],\"description\":\"\"}");
        expect(200, cleared);
        assertThat(cleared.json().has("description")).as(cleared.body()).isFalse();
        assertThat(cleared.json().path("id").asText()).isEqualTo(id);

        expect(404, server.root("GET", POLICIES + "/pol_Unknown0000000000000", null));
        expect(204, server.root("DELETE", POLICIES + "/" + id, null));
        expect(404, server.root("GET", POLICIES + "/readers", null));
    }

    @Test
    void badDescriptionOrReservedName_is400NamingIt_andChangesNothing() {
        expect(200, server.root("PUT", POLICIES + "/readers", "{\"rules\":[],\"description\":\"before\"}"));
        var tooLong = server.root("PUT", POLICIES + "/readers", "{\"rules\":[],\"description\":\""
                + "d".repeat(257) + "\"}");
        expectInvalid(tooLong, "description");
        assertThat(tooLong.json().path("error").path("message").asText()).contains("at most 256 characters");
        expectInvalid(server.root("PUT", POLICIES + "/readers", "{\"rules\":[],\"description\":\"a\\nb\"}"),
                "description");
        expect(200, server.root("PUT", POLICIES + "/readers", "{\"rules\":[],\"description\":\""
                + "é".repeat(256) + "\"}"));
        assertThat(server.root("GET", POLICIES + "/readers", null).json().path("description").asText())
                .isEqualTo("é".repeat(256));

        var reserved = server.root("PUT", POLICIES + "/pol_mine", READERS);
        expectInvalid(reserved, "name");
        assertThat(reserved.json().path("error").path("message").asText()).contains("reserved for policy ids");
        expect(404, server.root("GET", POLICIES + "/pol_mine", null));
    }

    /** The same statements (upserts, conflict handling, byte-order cursors) on PostgreSQL. */
    @Test
    void onPostgres_decisionsAndAdministrationWorkTheSame() {
        Optional<String> postgres = TestDatabases.freshPostgres();
        Assumptions.assumeTrue(postgres.isPresent(), "no PostgreSQL on 127.0.0.1:5432");
        server.close();
        startOn(postgres.get());
        vaultToken_isAllowedWhatItsPolicyGrants_andDeniedTheRest_beforeAnyExistenceCheck();
        putGetListDeleteBindUnbind_roundTrip();
        test_explainsAllowDenyAndConditions_forAnySubject();
        policy_hasAnIdKeptAcrossRuleReplacement_andADescription_andIsFoundByEither();
        badDescriptionOrReservedName_is400NamingIt_andChangesNothing();
    }

    private JsonNode test(String body) {
        var response = server.root("POST", POLICIES + "/test", body);
        expect(200, response);
        return response.json();
    }

    private JsonNode vaultToken(String policy) {
        var created = server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\"" + policy + "\"]}");
        expect(201, created);
        return created.json();
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("data").forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    private static void expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
    }

    private static void expectInvalid(TestServer.Response response, String field) {
        expect(400, response);
        assertThat(response.errorCode()).isEqualTo("invalid_request");
        assertThat(response.json().path("error").path("details").path("field").asText()).isEqualTo(field);
    }
}
