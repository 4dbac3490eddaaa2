package dev.arca.bench.jmh;

import dev.arca.api.Policy;
import dev.arca.server.auth.TokenService;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import dev.arca.server.policy.AccessRequest;
import dev.arca.server.policy.Decision;
import dev.arca.server.policy.GroupMembership;
import dev.arca.server.policy.PolicyCatalog;
import dev.arca.server.policy.PolicyEngine;
import dev.arca.server.policy.PolicyService;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One policy decision ({@link PolicyEngine#decide}) for a token holding a policy of 1,000 rules (the most a policy
 * may have), through the catalog's cache as the server does: a path allowed only by the last rule, and one no
 * rule covers (default deny). Both walk every rule, since a deny further on would win.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PolicyEvaluationBenchmark {
    static final int RULES = 1000;

    private UnsealedDatabase store;
    private PolicyEngine engine;
    private Principal principal;
    private AccessRequest lastRule;
    private AccessRequest noRule;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        store = new UnsealedDatabase();
        var catalog = new PolicyCatalog(store.db);
        engine = new PolicyEngine(catalog, GroupMembership.NONE);
        var tokens = new TokenService(store.db, Clock.systemUTC());
        var policies = new PolicyService(catalog, engine, store.vaults, tokens::lookupAccessor, Clock.systemUTC());
        List<Policy.Rule> rules = new ArrayList<>();
        for (int i = 0; i < RULES; i++) {
            String path = switch (i % 4) {
                case 0 -> "p" + (i % 10) + "/team" + i + "/**";
                case 1 -> "p" + (i % 10) + "/*/svc-" + i;
                case 2 -> "**/key-" + i;
                default -> "p" + (i % 10) + "/team" + i + "/web-*";
            };
            rules.add(new Policy.Rule(path, List.of("read", "list"), i % 50 == 7 ? "deny" : null, null));
        }
        policies.put("bench", "big", new Policy.Put(rules));
        principal = Principal.token("acc_jmh", "jmh", store.vaultId, List.of("big"));
        lastRule = new AccessRequest(store.vaultId, "p9/team999/web-frontend", Permission.READ, "127.0.0.1", false,
                Instant.now());
        noRule = new AccessRequest(store.vaultId, "other/app/db", Permission.READ, "127.0.0.1", false,
                Instant.now());
        if (!engine.decide(principal, lastRule).allowed() || engine.decide(principal, noRule).allowed()) {
            throw new IllegalStateException("the benchmark policy does not decide as intended");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
    }

    @Benchmark
    public Decision allowedByTheLastRule() {
        return engine.decide(principal, lastRule);
    }

    @Benchmark
    public Decision deniedByDefault() {
        return engine.decide(principal, noRule);
    }
}
