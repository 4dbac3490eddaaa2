package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.IdentityType;
import dev.arca.api.Policy;
import dev.arca.api.Secret;
import dev.arca.api.SecretType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The typed SDK surface of policies, reads with metadata and durations: what it sends, what it refuses. */
class TypedModelsSdkTest {
    private static final String POLICY = "{\"id\":\"pol_abc\",\"name\":\"app-readers\",\"description\":\"for the app\","
            + "\"vault_id\":\"vault_1\",\"rules\":[{\"path\":\"app/**\",\"permissions\":[\"read\",\"list\"],"
            + "\"effect\":\"allow\"}],\"created_at\":\"2026-01-02T03:04:05Z\",\"updated_at\":\"2026-01-02T03:04:05Z\"}";

    private final FakeArca server = new FakeArca();
    private final ArcaClient client = ArcaClient.builder().address(server.address()).token("arca_tok").vault("default")
            .build();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void createPolicy_sendsRulesAndDescription_andReadsTheId() {
        server.on("PUT /v1/vaults/default/policies/app-readers", 200, POLICY);
        Policy policy = client.policies().create("app-readers",
                List.of(Policy.Rule.allow("app/**", Policy.Permission.READ, Policy.Permission.LIST)), "for the app");
        assertThat(server.last().body()).isEqualTo("{\"rules\":[{\"path\":\"app/**\",\"permissions\":[\"read\","
                + "\"list\"],\"effect\":\"allow\"}],\"description\":\"for the app\"}");
        assertThat(policy.id()).isEqualTo("pol_abc");
        assertThat(policy.description()).isEqualTo("for the app");
        assertThat(policy.rules().get(0).typedPermissions()).containsExactlyInAnyOrder(Policy.Permission.READ,
                Policy.Permission.LIST);
    }

    @Test
    void bindByIdentityType_sendsTheSubject_toThePolicyById() {
        server.on("POST /v1/vaults/default/policies/pol_abc/bindings", 204, "");
        client.policies().bind("pol_abc", IdentityType.MACHINE, "mach_42");
        assertThat(server.last().body()).isEqualTo("{\"subject\":\"machine:mach_42\"}");
        server.on("DELETE /v1/vaults/default/policies/pol_abc/bindings/group%3Aops", 204, "");
        client.policies().unbind("pol_abc", IdentityType.GROUP, "ops");
        assertThat(server.last().route())
                .isEqualTo("DELETE /v1/vaults/default/policies/pol_abc/bindings/group%3Aops");
    }

    @Test
    void bindWithASubjectWhereAnIdBelongs_isRefusedBeforeSending() {
        assertThatThrownBy(() -> client.policies().bind("pol_abc", IdentityType.MACHINE, "machine:mach_42"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id alone");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void policyTest_builtTyped_sendsTheWireNames() {
        server.on("POST /v1/vaults/default/policies/test", 200, "{\"allowed\":true,\"policy\":\"app-readers\","
                + "\"rule_index\":0,\"reason\":\"allowed\",\"policies_considered\":[\"app-readers\"]}");
        var result = client.policies().test(Policy.Test.builder("user:alice", "app/db", Policy.Permission.USE_HEADER)
                .ip("10.0.0.7").build());
        assertThat(server.last().body()).isEqualTo("{\"subject\":\"user:alice\",\"path\":\"app/db\","
                + "\"permission\":\"use:header\",\"ip\":\"10.0.0.7\"}");
        assertThat(result.allowed()).isTrue();
    }

    @Test
    void readWithMetadata_asksOnce_andCarriesTheMetadata() {
        server.on("GET /v1/vaults/default/secrets/app/db?metadata=true", 200, "{\"id\":\"sk_1\",\"path\":\"app/db\","
                + "\"version\":2,\"type\":\"password\",\"value\":\"two\",\"metadata\":{\"id\":\"sk_1\","
                + "\"path\":\"app/db\",\"project_id\":\"proj_1\",\"type\":\"password\",\"current_version\":2,"
                + "\"max_versions\":10,\"description\":\"main db\",\"tags\":[\"prod\"],\"custom\":{\"owner\":\"ops\"},"
                + "\"created_by\":\"root\",\"updated_by\":\"root\",\"deleted\":false,\"destroyed\":false,"
                + "\"versions\":[]}}");
        Secret secret = client.secrets().readWithMetadata("app/db");
        assertThat(server.requests()).hasSize(1);
        assertThat(secret.secretType()).isEqualTo(SecretType.PASSWORD);
        assertThat(secret.metadata()).isNotNull();
        assertThat(secret.metadata().description()).isEqualTo("main db");
        assertThat(secret.metadata().tags()).containsExactly("prod");
        assertThat(secret.metadata().custom()).containsEntry("owner", "ops");
    }

    @Test
    void writeWithTheBuilder_sendsTypeAndMetadata() {
        server.on("PUT /v1/vaults/default/secrets/app/db", 200, "{\"id\":\"sk_1\",\"path\":\"app/db\",\"version\":1}");
        client.secrets().write("app/db", Secret.Put.value("s3cret").type(SecretType.PASSWORD).description("main db")
                .tags(List.of("prod")).maxVersions(5).build());
        assertThat(server.last().body()).isEqualTo("{\"type\":\"password\",\"value\":\"s3cret\","
                + "\"description\":\"main db\",\"tags\":[\"prod\"],\"max_versions\":5}");
    }

    @Test
    void renewSelfByDuration_sendsTheWireForm_andRefusesFractions() {
        server.on("POST /v1/tokens/renew-self", 200, "{\"display_name\":\"t\",\"policies\":[],"
                + "\"created_at\":\"2026-01-02T03:04:05Z\"}");
        client.tokens().renewSelf(Duration.ofMinutes(90));
        assertThat(server.last().body()).isEqualTo("{\"increment\":\"90m\"}");
        assertThatThrownBy(() -> client.tokens().renewSelf(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number of seconds");
    }
}
