package dev.arca.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.Export;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.server.access.Guard;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Credentials;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import dev.arca.server.identity.Resource;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import dev.arca.server.storage.TestDatabases;
import dev.arca.server.vaults.VaultService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An export reads each page of the listing in two statements, and exports exactly what reading every secret on its
 * own ({@link AuthorizedReads#byPath}) gives: over two projects and more than one page, with secrets the policy
 * denies, deleted secrets, current versions deleted or destroyed, rotated secrets, structured values, collisions and
 * names that make no variable. On SQLite and on PostgreSQL at 127.0.0.1:5432 (skipped, loudly, when unreachable).
 */
class SecretExportIT {
    private static final String IP = "127.0.0.1";

    @TempDir
    Path dir;
    Database db;
    SecretService secrets;
    SecretExport export;
    final DeniesHidden guard = new DeniesHidden();
    final List<String> paths = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    VaultService vaults;
    Principal caller;

    private void open(String backend) {
        StorageUrl url;
        if (backend.equals("sqlite")) {
            url = StorageUrl.sqlite(dir.resolve("arca.db"));
        } else {
            Optional<String> postgres = TestDatabases.freshPostgres();
            Assumptions.assumeTrue(postgres.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
            url = StorageUrl.parse(postgres.get());
        }
        db = Database.open(url);
        var seal = new SealService(db, "test");
        seal.unsealWith(seal.init(1, 1).unsealKeys());
        Clock clock = Clock.systemUTC();
        vaults = new VaultService(db, seal, clock);
        String vaultId = vaults.create("default").id();
        vaults.createProject("default", "app");
        vaults.createProject("default", "web");
        secrets = new SecretService(db, vaults, seal, SecretEvents.NONE, clock);
        export = new SecretExport(db, secrets, vaults, guard);
        caller = Principal.token("acc_reader", "reader", vaultId, List.of("reader"));
        db.inTransaction(() -> {
            seed();
            return null;
        });
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    /** 650 secrets in app and 450 in web (more than one page of the export), and a few made to collide. */
    private void seed() {
        Principal root = Principal.token("acc_root", "root", null, List.of(Principal.ROOT_POLICY));
        var rotation = new SecretRotation(secrets);
        for (int i = 0; i < 1100; i++) {
            String path = (i < 650 ? "app/" : "web/") + (i % 13 == 5 ? "hidden" : "s") + String.format("%04d", i);
            if (i % 10 == 3) {
                put(path, new Secret.Put(null, null, Map.of("user", SecretText.of("u" + i),
                        "password", SecretText.of("p" + i))), root);
            } else {
                put(path, single("v" + i), root);
            }
            if (i % 17 == 2) {
                secrets.delete("default", path, Optional.empty(), false, root);
                deleted.add(path);
            } else if (i % 19 == 4) {
                put(path, single("gone" + i), root);
                secrets.delete("default", path, Optional.of(2), false, root);
            } else if (i % 23 == 6) {
                put(path, single("gone" + i), root);
                secrets.destroy("default", path, List.of(2), root);
            } else if (i % 29 == 7) {
                boolean structured = i % 10 == 3;
                rotation.rotate("default", path, new Secret.Rotate(structured ? null : SecretText.of("rotated" + i),
                        structured ? Map.of("user", SecretText.of("rotated" + i)) : null, null, null, null, "1h"),
                        root, true);
            }
        }
        for (String path : List.of("app/shared", "web/shared", "app/a/b", "app/a_b", "app/1st", "app/deep/er/name",
                "web/hidden/shared")) {
            put(path, single(path), root);
        }
    }

    private void put(String path, Secret.Put value, Principal root) {
        secrets.put("default", path, value, root);
        if (!paths.contains(path)) {
            paths.add(path);
        }
    }

    private static Secret.Put single(String value) {
        return new Secret.Put(null, SecretText.of(value), null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void export_givesWhatReadingEachSecretOnItsOwnGives(String backend) {
        open(backend);
        for (Optional<String> project : List.of(Optional.<String>empty(), Optional.of("app"), Optional.of("web"))) {
            Export exported = export.export("default", project, caller, IP);
            Export expected = oneByOne(project.map(p -> p + "/").orElse(""));
            assertThat(revealed(exported)).isEqualTo(revealed(expected));
            assertThat(exported.collisions()).containsExactlyInAnyOrderElementsOf(expected.collisions());
        }
        Map<String, String> all = revealed(export.export("default", Optional.empty(), caller, IP));
        assertThat(all).containsEntry("S0000", "v0").containsEntry("S0003_PASSWORD", "p3")
                .containsEntry("S0007", "rotated7").doesNotContainKeys("S0002", "S0004", "S0006", "HIDDEN0005",
                        "SHARED", "A_B", "1ST").containsEntry("DEEP_ER_NAME", "app/deep/er/name");
        assertThat(all).hasSizeGreaterThan(900);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void eachPage_isTwoStatements_andEverySecretIsStillAuthorizedOnItsOwn(String backend) {
        open(backend);
        export.export("default", Optional.of("app"), caller, IP);
        var statements = new AtomicInteger();
        db.logStatements(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                statements.incrementAndGet();
            }
        });
        guard.asked.set(0);

        export.export("default", Optional.empty(), caller, IP);

        int live = paths.size() - deleted.size();
        assertThat(live).isGreaterThan(SecretExport.PAGE).isLessThan(2 * SecretExport.PAGE);
        assertThat(guard.asked).hasValue(live);
        assertThat(statements).hasValue(2 * 2);
    }

    /** The export as it was made before pages were read in one query: a read by path of every secret. */
    private Export oneByOne(String scope) {
        var reads = new AuthorizedReads(secrets, vaults, guard);
        Map<String, List<String>> sources = new TreeMap<>();
        Map<String, SecretText> values = new TreeMap<>();
        paths.stream().filter(path -> path.startsWith(scope)).sorted().forEach(path -> {
            Secret secret = reads.byPath("default", path, Optional.empty(), caller, IP).secret();
            if (secret == null) {
                return;
            }
            String name = path.substring(path.indexOf('/') + 1);
            Map<String, SecretText> parts = secret.fields() == null ? Map.of(name, secret.value())
                    : secret.fields().entrySet().stream().collect(Collectors.toMap(e -> name + "/" + e.getKey(),
                            Map.Entry::getValue));
            parts.forEach((part, value) -> {
                String variable = EnvNames.of(part);
                if (!variable.isEmpty() && !Character.isDigit(variable.charAt(0))) {
                    sources.computeIfAbsent(variable, v -> new ArrayList<>()).add(path);
                    values.put(variable, value);
                }
            });
        });
        Map<String, SecretText> variables = new TreeMap<>();
        List<Export.Collision> collisions = new ArrayList<>();
        sources.forEach((name, from) -> {
            if (from.size() == 1) {
                variables.put(name, values.get(name));
            } else {
                collisions.add(new Export.Collision(name, List.copyOf(new TreeSet<>(from))));
            }
        });
        return new Export(variables, collisions);
    }

    private static Map<String, String> revealed(Export export) {
        return new TreeMap<>(SecretText.revealAll(export.variables()));
    }

    /** The reader's policy: read everything but a path with a name starting {@code hidden}. */
    private static final class DeniesHidden implements Guard {
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public void checkUnsealed() {}

        @Override
        public void limitSource(String sourceIp) {}

        @Override
        public Principal authenticate(Credentials credentials) {
            throw new IllegalStateException("not used");
        }

        @Override
        public void limitPrincipal(Principal principal) {}

        @Override
        public void authorize(Principal principal, Resource resource, Permission permission, String sourceIp) {
            asked.incrementAndGet();
            if (permission != Permission.READ || resource.path().contains("/hidden")) {
                throw ArcaException.denied("access denied: reader may not " + permission.wire() + " " + resource);
            }
        }
    }
}
