package dev.arca.server.policy;

import dev.arca.api.Policy;
import dev.arca.server.auth.TokenService;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import dev.arca.server.vaults.VaultService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The policy feature over a real SQLite file: an unsealed seal, a vault {@code default}, the catalog, engine and
 * service as the server wires them, and group memberships the test sets.
 */
final class PolicyFixture implements AutoCloseable {
    static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");

    final Database db;
    final VaultService vaults;
    final PolicyCatalog catalog;
    final PolicyEngine engine;
    final PolicyService service;
    final String vaultId;
    final Map<String, Set<String>> groups = new HashMap<>();

    PolicyFixture(Path dir) {
        db = Database.open(StorageUrl.sqlite(dir.resolve("arca.db")));
        var seal = new SealService(db, "test");
        seal.unsealWith(seal.init(1, 1).unsealKeys());
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        vaults = new VaultService(db, seal, clock);
        vaultId = vaults.create("default").id();
        catalog = new PolicyCatalog(db);
        engine = new PolicyEngine(catalog, (vault, subject) -> groups.getOrDefault(subject, Set.of()));
        service = new PolicyService(catalog, engine, vaults, new TokenService(db, clock)::lookupAccessor, clock);
    }

    /** Writes a policy through the service, as {@code PUT …/policies/{name}} does. */
    Policy put(String name, Policy.Rule... rules) {
        return service.put("default", name, new Policy.Put(List.of(rules)));
    }

    static Policy.Rule allow(String path, String... permissions) {
        return new Policy.Rule(path, List.of(permissions), null, null);
    }

    static Policy.Rule deny(String path, String... permissions) {
        return new Policy.Rule(path, List.of(permissions), "deny", null);
    }

    static Policy.Rule allowIf(String path, Policy.Conditions conditions, String... permissions) {
        return new Policy.Rule(path, List.of(permissions), "allow", conditions);
    }

    AccessRequest request(String path, Permission permission) {
        return request(path, permission, "10.0.0.1", false, NOW);
    }

    AccessRequest request(String path, Permission permission, String ip, boolean mfa, Instant time) {
        return new AccessRequest(vaultId, path, permission, ip, mfa, time);
    }

    static Principal token(String... policies) {
        return Principal.token("acc_test", "test", null, List.of(policies));
    }

    static Principal machine(String id) {
        return Principal.signed(Principal.Kind.MACHINE, id, id, null);
    }

    @Override
    public void close() {
        db.close();
    }
}
