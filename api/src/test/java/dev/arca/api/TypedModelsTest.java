package dev.arca.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The typed views over the wire strings, and the builders of the request records with many optional parts. */
class TypedModelsTest {
    private static final ObjectMapper LENIENT = Json.lenient();
    private static final ObjectMapper STRICT = Json.strict();

    @ParameterizedTest
    @EnumSource(value = SecretType.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
    void secretType_roundTripsItsWireName(SecretType type) {
        assertThat(SecretType.fromWire(type.wire())).isEqualTo(type);
    }

    @Test
    void secretTypes_areTheOnesTheServerAccepts() {
        assertThat(List.of(SecretType.values()).stream().filter(t -> t != SecretType.UNKNOWN).map(SecretType::wire))
                .containsExactly("string", "password", "api_key", "certificate", "ssh_key", "json", "connection");
        assertThat(SecretType.JSON.structured()).isTrue();
        assertThat(SecretType.CONNECTION.structured()).isTrue();
        assertThat(SecretType.SSH_KEY.structured()).isFalse();
    }

    @Test
    void aTypeFromANewerServer_decodes_andReadsAsUnknown() throws Exception {
        Secret secret = LENIENT.readValue("{\"id\":\"sk_1\",\"path\":\"app/db\",\"version\":1,"
                + "\"type\":\"totp_seed\",\"value\":\"v\"}", Secret.class);
        assertThat(secret.type()).isEqualTo("totp_seed");
        assertThat(secret.secretType()).isEqualTo(SecretType.UNKNOWN);
        assertThatThrownBy(SecretType.UNKNOWN::wire).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBadTypeFromAClient_stillBinds_soThatTheServerCanNameTheField() throws Exception {
        Secret.Put put = STRICT.readValue("{\"type\":\"passwd\",\"value\":\"v\"}", Secret.Put.class);
        assertThat(put.type()).isEqualTo("passwd");
        assertThat(put.secretType()).isEqualTo(SecretType.UNKNOWN);
        Policy.Rule rule = STRICT.readValue("{\"path\":\"a/**\",\"permissions\":[\"write\"],\"effect\":\"maybe\"}",
                Policy.Rule.class);
        assertThat(rule.typedPermissions()).containsExactly(Policy.Permission.UNKNOWN);
        assertThat(rule.typedEffect()).isEqualTo(Policy.Effect.UNKNOWN);
    }

    @ParameterizedTest
    @EnumSource(value = Policy.Permission.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
    void permission_roundTripsItsWireName(Policy.Permission permission) {
        assertThat(Policy.Permission.fromWire(permission.wire())).isEqualTo(permission);
    }

    @Test
    void permissions_areWrittenAsPoliciesWriteThem() {
        assertThat(List.of(Policy.Permission.values()).stream().filter(p -> p != Policy.Permission.UNKNOWN)
                .map(Policy.Permission::wire)).containsExactly("read", "list", "create", "update", "delete", "rotate",
                "use", "use:header", "egress", "lease", "pki:approve", "admin");
        assertThat(Policy.Effect.fromWire(null)).isEqualTo(Policy.Effect.ALLOW);
        assertThat(Policy.Effect.fromWire("deny")).isEqualTo(Policy.Effect.DENY);
    }

    @Test
    void typedRules_writeTheWireStrings() {
        Policy.Rule allow = Policy.Rule.allow("app/**", Policy.Permission.READ, Policy.Permission.USE_HEADER);
        assertThat(allow).isEqualTo(new Policy.Rule("app/**", List.of("read", "use:header"), "allow", null));
        assertThat(allow.typedPermissions()).containsExactlyInAnyOrder(Policy.Permission.READ,
                Policy.Permission.USE_HEADER);
        Policy.Rule deny = Policy.Rule.deny("app/prod/**", Policy.Permission.DELETE)
                .when(new Policy.Conditions(List.of("10.0.0.0/8"), true, null, null));
        assertThat(deny.effect()).isEqualTo("deny");
        assertThat(deny.conditions().ipRanges()).containsExactly("10.0.0.0/8");
        assertThatThrownBy(() -> Policy.Rule.allow("app/**")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one permission");
        assertThatThrownBy(() -> Policy.Rule.of("a", Policy.Effect.ALLOW, Set.of(Policy.Permission.UNKNOWN), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be sent");
    }

    @Test
    void policyTestBuilder_setsOnlyWhatIsGiven() {
        assertThat(Policy.Test.builder("user:alice", "app/db", Policy.Permission.ROTATE).build())
                .isEqualTo(new Policy.Test("user:alice", "app/db", "rotate", null, null));
        Policy.Test full = Policy.Test.builder("machine:mach_1", "app/db", Policy.Permission.READ).ip("10.0.0.7")
                .mfa(true).build();
        assertThat(full).isEqualTo(new Policy.Test("machine:mach_1", "app/db", "read", "10.0.0.7", true));
        assertThat(full.typedPermission()).isEqualTo(Policy.Permission.READ);
    }

    @Test
    void identityType_makesTheSubjectPoliciesBindTo() {
        assertThat(IdentityType.MACHINE.subject("mach_1")).isEqualTo("machine:mach_1");
        assertThat(Policy.Binding.of(IdentityType.GROUP, "ops").subject()).isEqualTo("group:ops");
        assertThatThrownBy(() -> IdentityType.MACHINE.subject("machine:mach_1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id alone");
        assertThatThrownBy(() -> IdentityType.USER.subject(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name the user");
    }

    @Test
    void putBuilder_fromAValueOrFields_withTypeAndMetadata() {
        Secret.Put value = Secret.Put.value("s3cret").type(SecretType.PASSWORD).description("db")
                .tags(List.of("prod")).custom(Map.of("owner", "ops")).maxVersions(5).build();
        assertThat(value).isEqualTo(new Secret.Put("password", SecretText.of("s3cret"), null, "db", List.of("prod"),
                Map.of("owner", "ops"), 5));
        Secret.Put fields = Secret.Put.fields(Map.of("user", "u", "password", "p")).type(SecretType.CONNECTION)
                .build();
        assertThat(fields.type()).isEqualTo("connection");
        assertThat(fields.value()).isNull();
        assertThat(SecretText.revealAll(fields.fields())).isEqualTo(Map.of("user", "u", "password", "p"));
        assertThat(Secret.Put.value("v").build().type()).as("the server's default").isNull();
    }

    @Test
    void putBuilder_refusesASingleValueTypeWithFields_sayingWhatToDo() {
        assertThatThrownBy(() -> Secret.Put.fields(Map.of("a", "b")).type(SecretType.PASSWORD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password secret holds one value")
                .hasMessageContaining("Secret.Put.value");
        assertThatThrownBy(() -> Secret.Put.value("v").type(SecretType.UNKNOWN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void useRequestBuilder_buildsEachOperation_andRefusesPartsThatDoNotApply() {
        Use.Request call = Use.Request.httpRequest("POST", "https://api.example.com/v1").header("Accept", "x")
                .body("{}").headerType("bearer").timeout(Duration.ofSeconds(30)).build();
        assertThat(call.operation()).isEqualTo(Use.HTTP_REQUEST);
        assertThat(call.headers()).containsEntry("Accept", "x");
        assertThat(call.timeout()).isEqualTo("30s");
        Use.Request verify = Use.Request.verify("hmac-sha256", "aGk=", "c2ln").encoding("base64").field("key")
                .build();
        assertThat(verify).isEqualTo(new Use.Request(Use.VERIFY, null, null, null, null, null, null, "key",
                "hmac-sha256", "aGk=", "base64", "c2ln", null, null, null, null));
        assertThatThrownBy(() -> Use.Request.sign("hmac-sha256", "hi").headerType("bearer").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header_type does not apply to sign");
        assertThatThrownBy(() -> Use.Request.httpHeader("basic").field("token").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leave field out");
        assertThatThrownBy(() -> Use.Request.httpRequest("GET", "https://x").timeout(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
    }

    @Test
    void enrollmentTokenBuilder_writesDurations_andLeavesTheRestToTheServer() {
        EnrollmentToken.Create create = EnrollmentToken.Create.builder().ephemeral(Duration.ofMinutes(90))
                .maxUses(1).expiresIn(Duration.ofDays(7)).projects(List.of("app")).build();
        assertThat(create).isEqualTo(new EnrollmentToken.Create(true, "90m", 1, "7d", null, null, null,
                List.of("app"), null, null));
        assertThat(EnrollmentToken.Create.builder().build()).isEqualTo(new EnrollmentToken.Create(null, null, null,
                null, null, null, null, null, null, null));
        assertThat(EnrollmentToken.Create.builder().ephemeral().build().machineTtl()).isNull();
    }

    @Test
    void tokenCreateBuilder_writesDurations_andRefusesACeilingBelowTheTtl() {
        assertThat(Token.Create.builder().ttl(Duration.ofHours(1)).maxTtl(Duration.ofDays(1)).policies(List.of("p"))
                .build()).isEqualTo(new Token.Create("1h", "24h", List.of("p"), null, null, null));
        assertThatThrownBy(() -> Token.Create.builder().ttl(Duration.ofHours(2)).maxTtl(Duration.ofHours(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter than ttl");
        assertThatThrownBy(() -> Token.Create.builder().maxTtl(Duration.ofHours(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a ttl");
    }

    @Test
    void metadataUpdate_changesOnlyTheGivenParts_andWritesOnlyThoseOnTheWire() throws Exception {
        var update = SecretMetadata.Update.tags(List.of("critical")).withMaxVersions(5);
        assertThat(update).isEqualTo(new SecretMetadata.Update(null, List.of("critical"), null, 5));
        assertThat(STRICT.writeValueAsString(update)).isEqualTo("{\"tags\":[\"critical\"],\"max_versions\":5}");
        assertThat(SecretMetadata.Update.description("d").withCustom(Map.of("k", "v")).custom())
                .containsEntry("k", "v");
    }
}
