package dev.arca.server.policy;

import static dev.arca.server.policy.PolicyFixture.NOW;
import static dev.arca.server.policy.PolicyFixture.allow;
import static dev.arca.server.policy.PolicyFixture.allowIf;
import static dev.arca.server.policy.PolicyFixture.deny;
import static dev.arca.server.policy.PolicyFixture.machine;
import static dev.arca.server.policy.PolicyFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.Policy;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyEngineTest {
    @TempDir
    Path dir;
    PolicyFixture f;

    @BeforeEach
    void open() {
        f = new PolicyFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private Decision decide(Principal principal, String path, Permission permission) {
        return f.engine.decide(principal, f.request(path, permission));
    }

    @Test
    void noPolicies_isDefaultDeny_sayingNoPolicyApplies() {
        Decision decision = decide(token(), "app/db", Permission.READ);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.policy()).isNull();
        assertThat(decision.ruleIndex()).isEqualTo(-1);
        assertThat(decision.reason()).isEqualTo("no policy applies");
    }

    @Test
    void matchingAllow_allows_namingPolicyAndRule() {
        f.put("readers", allow("other/*", "read"), allow("app/**", "read", "list"));
        Decision decision = decide(token("readers"), "app/db", Permission.READ);
        assertThat(decision).isEqualTo(new Decision(true, "readers", 1,
                "allowed by policy 'readers' rule 1 (app/** read,list)"));
    }

    @Test
    void permissionNotGranted_orPathNotMatched_isDefaultDeny_listingPoliciesConsidered() {
        f.put("readers", allow("app/**", "read", "list"));
        assertThat(decide(token("readers"), "app/db", Permission.UPDATE).allowed()).isFalse();
        Decision other = decide(token("readers"), "other/x", Permission.READ);
        assertThat(other.allowed()).isFalse();
        assertThat(other.reason()).isEqualTo("no rule allows it (policies considered: readers)");
    }

    @Test
    void denyWins_whicheverComesFirst_inOnePolicy() {
        f.put("deny-first", deny("app/secret", "read"), allow("app/**", "read"));
        f.put("allow-first", allow("app/**", "read"), deny("app/secret", "read"));
        for (String policy : List.of("deny-first", "allow-first")) {
            Decision decision = decide(token(policy), "app/secret", Permission.READ);
            assertThat(decision.allowed()).as(policy).isFalse();
            assertThat(decision.reason()).as(policy).contains("denied by policy '" + policy + "'")
                    .contains("(deny app/secret)");
            assertThat(decide(token(policy), "app/other", Permission.READ).allowed()).as(policy).isTrue();
        }
    }

    @Test
    void denyWins_acrossPolicies_inEitherNameOrder() {
        f.put("a-allow", allow("**", "read"));
        f.put("z-deny", deny("prod/**", "read"));
        f.put("0-deny", deny("prod/**", "read"));
        assertThat(decide(token("a-allow", "z-deny"), "prod/db", Permission.READ))
                .isEqualTo(new Decision(false, "z-deny", 0, "denied by policy 'z-deny' rule 0 (deny prod/**)"));
        assertThat(decide(token("0-deny", "a-allow"), "prod/db", Permission.READ).allowed()).isFalse();
        assertThat(decide(token("a-allow", "z-deny"), "dev/db", Permission.READ).allowed()).isTrue();
    }

    @Test
    void denyOfAnotherPermission_doesNotDeny() {
        f.put("p", allow("app/**", "read"), deny("app/**", "delete"));
        assertThat(decide(token("p"), "app/db", Permission.READ).allowed()).isTrue();
        assertThat(decide(token("p"), "app/db", Permission.DELETE).allowed()).isFalse();
    }

    @Test
    void ipRanges_ipv4_allowInside_notOutside_andSayWhy() {
        f.put("office", allowIf("app/**", new Policy.Conditions(List.of("10.1.0.0/16"), null, null, null), "read"));
        assertThat(f.engine.decide(token("office"), f.request("app/db", Permission.READ, "10.1.2.3", false, NOW))
                .allowed()).isTrue();
        Decision outside = f.engine.decide(token("office"),
                f.request("app/db", Permission.READ, "10.2.0.1", false, NOW));
        assertThat(outside.allowed()).isFalse();
        assertThat(outside.reason()).contains("rule 0 of 'office' matched but 10.2.0.1 is outside its ip_ranges");
    }

    @Test
    void ipRanges_ipv6_andIpv4MappedAddresses() {
        f.put("v6", allowIf("app/**", new Policy.Conditions(List.of("2001:db8::/32", "192.0.2.0/24"), null, null,
                null), "read"));
        assertThat(f.engine.decide(token("v6"), f.request("app/db", Permission.READ, "2001:db8:1::7", false, NOW))
                .allowed()).isTrue();
        assertThat(f.engine.decide(token("v6"), f.request("app/db", Permission.READ, "2001:db9::7", false, NOW))
                .allowed()).isFalse();
        assertThat(f.engine.decide(token("v6"), f.request("app/db", Permission.READ, "::ffff:192.0.2.9", false,
                NOW)).allowed()).isTrue();
    }

    @Test
    void ipRanges_onADeny_denyOnlyInsideThem() {
        f.put("p", allow("**", "read"),
                new Policy.Rule("**", List.of("read"), "deny", new Policy.Conditions(List.of("203.0.113.0/24"), null,
                        null, null)));
        assertThat(f.engine.decide(token("p"), f.request("app/db", Permission.READ, "203.0.113.5", false, NOW))
                .allowed()).isFalse();
        assertThat(f.engine.decide(token("p"), f.request("app/db", Permission.READ, "198.51.100.5", false, NOW))
                .allowed()).isTrue();
    }

    @Test
    void requireMfa_allowsOnlyWithMfa_andSaysSo() {
        f.put("ops", allow("other/**", "read"), allowIf("app/**", new Policy.Conditions(null, true, null, null),
                "read"));
        assertThat(f.engine.decide(token("ops"), f.request("app/db", Permission.READ, "10.0.0.1", true, NOW))
                .allowed()).isTrue();
        Decision withoutMfa = f.engine.decide(token("ops"), f.request("app/db", Permission.READ, "10.0.0.1", false,
                NOW));
        assertThat(withoutMfa.allowed()).isFalse();
        assertThat(withoutMfa.reason()).contains("rule 1 of 'ops' matched but requires MFA");
    }

    @Test
    void timeWindow_appliesOnlyBetweenNotBeforeAndNotAfter_inclusive() {
        f.put("window", allowIf("app/**", new Policy.Conditions(null, null, "2030-01-01T00:00:00Z",
                "2030-12-31T23:59:59+00:00"), "read"));
        assertThat(at(Instant.parse("2029-12-31T23:59:59Z"))).isFalse();
        assertThat(at(Instant.parse("2030-01-01T00:00:00Z"))).isTrue();
        assertThat(at(Instant.parse("2030-12-31T23:59:59Z"))).isTrue();
        assertThat(at(Instant.parse("2031-01-01T00:00:00Z"))).isFalse();
        assertThat(f.engine.decide(token("window"), f.request("app/db", Permission.READ, "10.0.0.1", false,
                Instant.parse("2031-01-01T00:00:00Z"))).reason()).contains("applied only until 2030-12-31T23:59:59Z");
    }

    private boolean at(Instant time) {
        return f.engine.decide(token("window"), f.request("app/db", Permission.READ, "10.0.0.1", false, time))
                .allowed();
    }

    @Test
    void allConditionsMustHold() {
        f.put("strict", allowIf("app/**", new Policy.Conditions(List.of("10.0.0.0/8"), true, null, null), "read"));
        assertThat(f.engine.decide(token("strict"), f.request("app/db", Permission.READ, "10.0.0.1", false, NOW))
                .allowed()).isFalse();
        assertThat(f.engine.decide(token("strict"), f.request("app/db", Permission.READ, "11.0.0.1", true, NOW))
                .allowed()).isFalse();
        assertThat(f.engine.decide(token("strict"), f.request("app/db", Permission.READ, "10.0.0.1", true, NOW))
                .allowed()).isTrue();
    }

    @Test
    void policiesBoundToTheSubject_apply() {
        f.put("machine-reader", allow("app/db", "read"));
        f.service.bind("default", "machine-reader", "machine:mach_one");
        assertThat(decide(machine("mach_one"), "app/db", Permission.READ).allowed()).isTrue();
        assertThat(decide(machine("mach_two"), "app/db", Permission.READ).allowed()).isFalse();
    }

    @Test
    void policiesBoundToAUsersGroups_apply() {
        f.put("ops-read", allow("ops/**", "read"));
        f.service.bind("default", "ops-read", "group:ops");
        var alice = new Principal(Principal.Kind.USER, "alice", "alice", null, List.of(), false, "acc_a", null);
        assertThat(decide(alice, "ops/db", Permission.READ).allowed()).isFalse();
        f.groups.put("user:alice", Set.of("ops"));
        Decision decision = decide(alice, "ops/db", Permission.READ);
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.policy()).isEqualTo("ops-read");
    }

    @Test
    void tokenAttached_bound_andGroupPolicies_combine_andADenyFromAnyOfThemWins() {
        f.put("attached", allow("a/**", "read"));
        f.put("bound", allow("b/**", "read"));
        f.put("grouped", deny("a/locked", "read"), allow("c/**", "read"));
        f.service.bind("default", "bound", "user:bob");
        f.service.bind("default", "grouped", "group:devs");
        f.groups.put("user:bob", Set.of("devs"));
        var bob = new Principal(Principal.Kind.USER, "bob", "bob", null, List.of("attached"), false, "acc_b", null);
        assertThat(decide(bob, "a/x", Permission.READ).policy()).isEqualTo("attached");
        assertThat(decide(bob, "b/x", Permission.READ).policy()).isEqualTo("bound");
        assertThat(decide(bob, "c/x", Permission.READ).policy()).isEqualTo("grouped");
        assertThat(decide(bob, "a/locked", Permission.READ).allowed()).isFalse();
        assertThat(f.engine.explain("user:bob", List.of("attached"), f.request("z/x", Permission.READ))
                .policiesConsidered()).containsExactly("attached", "bound", "grouped");
    }

    @Test
    void attachedNameWithoutAPolicy_grantsNothing_andIsNamed() {
        Decision decision = decide(token("ghost"), "app/db", Permission.READ);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isEqualTo("no policy applies; no such policy: ghost");
    }

    @Test
    void emptyPath_isMatchedByDoubleStarOnly() {
        f.put("one", allow("*", "list"));
        f.put("all", allow("**", "list"));
        assertThat(decide(token("one"), "", Permission.LIST).allowed()).isFalse();
        assertThat(decide(token("all"), "", Permission.LIST).allowed()).isTrue();
    }

    @Test
    void reservedAdminPaths_areMatchedLikeAnyOther() {
        f.put("policy-admin", allow("_policies", "admin", "read"));
        assertThat(decide(token("policy-admin"), "_policies", Permission.ADMIN).allowed()).isTrue();
        assertThat(decide(token("policy-admin"), "_machines", Permission.ADMIN).allowed()).isFalse();
    }

    @Test
    void changes_areSeenAtOnce_throughTheCache() {
        f.put("p", allow("app/**", "read"));
        assertThat(decide(token("p"), "app/db", Permission.READ).allowed()).isTrue();
        f.put("p", deny("app/**", "read"));
        assertThat(decide(token("p"), "app/db", Permission.READ).allowed()).isFalse();
        f.service.delete("default", "p");
        assertThat(decide(token("p"), "app/db", Permission.READ).reason()).contains("no such policy: p");

        f.put("q", allow("app/**", "read"));
        assertThat(decide(machine("mach_m"), "app/db", Permission.READ).allowed()).isFalse();
        f.service.bind("default", "q", "machine:mach_m");
        assertThat(decide(machine("mach_m"), "app/db", Permission.READ).allowed()).isTrue();
        f.service.unbind("default", "q", "machine:mach_m");
        assertThat(decide(machine("mach_m"), "app/db", Permission.READ).allowed()).isFalse();
        f.service.bind("default", "q", "machine:mach_m");
        f.service.delete("default", "q");
        f.put("q", allow("app/**", "read"));
        assertThat(decide(machine("mach_m"), "app/db", Permission.READ).allowed())
                .as("a deleted policy's bindings go with it").isFalse();
    }

    @Test
    void changeInARolledBackTransaction_leavesNoTraceInTheCache() {
        f.put("p", allow("app/**", "read"));
        assertThat(decide(token("p"), "app/db", Permission.READ).allowed()).isTrue();
        try {
            f.db.inTransaction(() -> {
                f.put("p", deny("app/**", "read"));
                assertThat(decide(token("p"), "app/db", Permission.READ).allowed()).isFalse();
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertThat(decide(token("p"), "app/db", Permission.READ).allowed()).isTrue();
    }

    @Test
    void thousandRules_decideCorrectly_andQuickly() {
        List<Policy.Rule> rules = new ArrayList<>();
        for (int i = 0; i < 997; i++) {
            rules.add(allow("project-" + i + "/**", "read", "list"));
        }
        rules.add(allow("**/shared-*", "read"));
        rules.add(deny("project-500/locked", "read"));
        rules.add(allow("**/deep/**/db", "read"));
        f.service.put("default", "big", new Policy.Put(rules));
        Principal principal = token("big");

        assertThat(decide(principal, "project-996/db", Permission.READ).ruleIndex()).isEqualTo(996);
        assertThat(decide(principal, "project-0/x/y", Permission.LIST).ruleIndex()).isZero();
        assertThat(decide(principal, "x/shared-cfg", Permission.READ).ruleIndex()).isEqualTo(997);
        assertThat(decide(principal, "project-500/locked", Permission.READ).ruleIndex()).isEqualTo(998);
        assertThat(decide(principal, "a/deep/b/c/db", Permission.READ).ruleIndex()).isEqualTo(999);
        assertThat(decide(principal, "project-1000/db", Permission.READ).allowed()).isFalse();
        assertThat(decide(principal, "project-1/db", Permission.DELETE).allowed()).isFalse();

        int decisions = 20_000;
        String[] paths = {"project-996/db", "project-1000/db", "project-500/locked", "a/deep/b/db"};
        for (int i = 0; i < decisions; i++) {
            decide(principal, paths[i % paths.length], Permission.READ);
        }
        long started = System.nanoTime();
        int allowed = 0;
        for (int i = 0; i < decisions; i++) {
            allowed += decide(principal, paths[i % paths.length], Permission.READ).allowed() ? 1 : 0;
        }
        long elapsed = System.nanoTime() - started;
        assertThat(allowed).isEqualTo(decisions / 2);
        System.out.printf("PolicyEngine: %d decisions over a 1,000-rule policy in %.1f ms (%.1f µs each, after as many to "
                + "warm up)%n",
                decisions, elapsed / 1e6, elapsed / 1e3 / decisions);
    }
}
