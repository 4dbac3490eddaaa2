package dev.arca.server.policy;

import static dev.arca.server.policy.PolicyFixture.allow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ErrorCode;
import dev.arca.api.Policy;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Paging;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad policy is refused with 400 naming the field, and changes nothing. */
class PolicyValidationTest {
    @TempDir
    Path dir;
    PolicyFixture f;

    @BeforeEach
    void open() {
        f = new PolicyFixture(dir);
        f.put("existing", allow("app/**", "read"));
    }

    @AfterEach
    void close() {
        f.close();
    }

    static Stream<Arguments> badRules() {
        return Stream.of(
                bad("rules[1].path", rule("", "read")),
                bad("rules[1].path", rule("app//db", "read")),
                bad("rules[1].path", rule("/app", "read")),
                bad("rules[1].path", rule("a**b", "read")),
                bad("rules[1].path", rule("app/a*b", "read")),
                bad("rules[1].path", rule("app/*x", "read")),
                bad("rules[1].path", rule("app/d\u0001b", "read")),
                bad("rules[1].path", rule("app/../db", "read")),
                bad("rules[1].path", new Policy.Rule(null, List.of("read"), null, null)),
                bad("rules[1].permissions", rule("app/**", "read", "write")),
                bad("rules[1].permissions", rule("app/**", "READ")),
                bad("rules[1].permissions", rule("app/**", "self")),
                bad("rules[1].permissions", rule("app/**")),
                bad("rules[1].permissions", new Policy.Rule("app/**", null, null, null)),
                bad("rules[1].effect", new Policy.Rule("app/**", List.of("read"), "permit", null)),
                bad("rules[1].effect", new Policy.Rule("app/**", List.of("read"), "DENY", null)),
                bad("rules[1].conditions.ip_ranges", conditions(List.of("10.0.0.0/33"), null, null)),
                bad("rules[1].conditions.ip_ranges", conditions(List.of("10.0.0.0/8", "example.com"), null, null)),
                bad("rules[1].conditions.ip_ranges", conditions(List.of("2001:db8::/129"), null, null)),
                bad("rules[1].conditions.not_before", conditions(null, "yesterday", null)),
                bad("rules[1].conditions.not_before", conditions(null, "2030-01-01", null)),
                bad("rules[1].conditions.not_after", conditions(null, null, "2030-13-01T00:00:00Z")),
                bad("rules[1].conditions.not_before", conditions(null, "2030-02-01T00:00:00Z",
                        "2030-01-01T00:00:00Z")),
                bad("rules[1]", (Policy.Rule) null));
    }

    private static Arguments bad(String field, Policy.Rule rule) {
        return Arguments.of(field, rule);
    }

    private static Policy.Rule rule(String path, String... permissions) {
        return new Policy.Rule(path, Arrays.asList(permissions), null, null);
    }

    private static Policy.Rule conditions(List<String> ranges, String notBefore, String notAfter) {
        return new Policy.Rule("app/**", List.of("read"), null, new Policy.Conditions(ranges, null, notBefore,
                notAfter));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badRules")
    void badRule_is400NamingTheRule_andChangesNothing(String field, Policy.Rule rule) {
        List<Policy.Rule> rules = new ArrayList<>();
        rules.add(allow("ok/**", "read"));
        rules.add(rule);
        Policy before = f.service.get("default", "existing");

        assertInvalid(field, () -> f.service.put("default", "existing", new Policy.Put(rules)));
        assertInvalid(field, () -> f.service.put("default", "fresh", new Policy.Put(rules)));

        assertThat(f.service.get("default", "existing")).isEqualTo(before);
        assertThat(f.service.list("default", Paging.Query.first()).data())
                .extracting(Policy::name).containsExactly("existing");
    }

    @Test
    void missingRules_is400() {
        assertInvalid("rules", () -> f.service.put("default", "p", new Policy.Put(null)));
    }

    @Test
    void moreThanAThousandRules_is400_aThousandIsFine() {
        List<Policy.Rule> rules = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rules.add(allow("p" + i + "/**", "read"));
        }
        assertThat(f.service.put("default", "big", new Policy.Put(rules)).rules()).hasSize(1000);
        rules.add(allow("one-too-many/**", "read"));
        assertInvalid("rules", () -> f.service.put("default", "big", new Policy.Put(rules)));
        assertThat(f.service.get("default", "big").rules()).hasSize(1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Readers", "READERS", "-readers", "_x", "read ers", "read.ers", "root", "é"})
    void badPolicyNames_are400(String name) {
        assertInvalid("name", () -> f.service.put("default", name, new Policy.Put(List.of())));
        assertInvalid("name", () -> f.service.get("default", name));
    }

    @Test
    void nameOf64Characters_isFine_65IsNot() {
        assertThat(f.service.put("default", "a".repeat(64), new Policy.Put(List.of())).name()).hasSize(64);
        assertInvalid("name", () -> f.service.put("default", "a".repeat(65), new Policy.Put(List.of())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "user:", "user:-x", "users:alice", "machine:alice", "machine:mach_",
            "client:abc", "token:abc", "agent:a b", "group:ops\n", "role:x"})
    void badSubjects_are400_andBindNothing(String subject) {
        assertInvalid("subject", () -> f.service.bind("default", "existing", subject));
        assertThat(f.service.bindings("default", "existing").data()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"user:alice", "group:ops", "agent:build-bot", "machine:mach_AbC-_1", "client:cli_x9",
            "token:acc_Zz-_0", "user:alice@example.com"})
    void wellFormedSubjects_bind(String subject) {
        f.service.bind("default", "existing", subject);
        assertThat(f.service.bindings("default", "existing").data()).containsExactly(subject);
    }

    @Test
    void rulesAreStoredNormalised() {
        Policy policy = f.service.put("default", "norm", new Policy.Put(List.of(
                new Policy.Rule("app/**", List.of("list", "read", "read"), null, new Policy.Conditions(
                        List.of("10.1.2.3/8", "2001:DB8::/32"), false, "2030-01-01T01:00:00+01:00", null)),
                new Policy.Rule("x/*", List.of("delete"), "deny", new Policy.Conditions(List.of(), null, null,
                        null)))));
        assertThat(policy.rules()).containsExactly(
                new Policy.Rule("app/**", List.of("read", "list"), "allow", new Policy.Conditions(
                        List.of("10.0.0.0/8", "2001:db8:0:0:0:0:0:0/32"), null, "2030-01-01T00:00:00Z", null)),
                new Policy.Rule("x/*", List.of("delete"), "deny", null));
        assertThat(f.service.get("default", "norm").rules()).isEqualTo(policy.rules());
    }

    @Test
    void grantRead_withABadPattern_is400_andWritesNeitherPolicyNorBinding() {
        assertInvalid("rules[1].path", () -> f.service.grantRead(f.vaultId, "machine-mach_x",
                List.of("app/**", "app/a**"), "machine:mach_x"));
        assertThatThrownBy(() -> f.service.get("default", "machine-mach_x"))
                .isInstanceOfSatisfying(ArcaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    private static void assertInvalid(String field, Runnable action) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(ArcaException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(e.details()).containsEntry("field", field);
        });
    }
}
