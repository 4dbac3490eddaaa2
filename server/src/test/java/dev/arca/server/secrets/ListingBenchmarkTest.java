package dev.arca.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.Page;
import dev.arca.api.Secret;
import dev.arca.server.access.Guard;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How listing behaves over 1,000,000 secrets in SQLite and PostgreSQL: first page, a page 500,000 rows deep (by
 * cursor), a prefix page, tag pages (a common and a rare tag), and for comparison the filters that scan their
 * range ({@code q}, {@code recursive=false}). Prints median milliseconds and each query's plan; asserts nothing
 * about speed (DESIGN §10). Not part of {@code verify}; run it with
 * {@code ./mvnw -pl server -am test -Dtest=ListingBenchmarkTest -Dsurefire.excludedGroups=
 * -Dsurefire.failIfNoSpecifiedTests=false} — the figures land in
 * {@code server/target/surefire-reports/dev.arca.server.secrets.ListingBenchmarkTest-output.txt}.
 */
@Tag("benchmark")
class ListingBenchmarkTest {
    private static final int SECRETS = 1_000_000;
    private static final int CHUNK = 20_000;
    private static final int RUNS = 15;
    private static final Principal ROOT = Principal.token("acc_bench", "bench", null, List.of(Principal.ROOT_POLICY));

    @TempDir
    Path dir;

    @Test
    void sqlite() {
        try (Database db = Database.open(StorageUrl.sqlite(dir.resolve("bench.db")))) {
            run("SQLite", db, "EXPLAIN QUERY PLAN ");
        }
    }

    @Test
    void postgresql() {
        Optional<String> url = TestDatabases.freshPostgres();
        if (url.isEmpty()) {
            System.out.println("PostgreSQL unreachable: its half of the benchmark did not run");
            return;
        }
        try (Database db = Database.open(StorageUrl.parse(url.get()))) {
            run("PostgreSQL", db, "EXPLAIN ");
        }
    }

    private void run(String backend, Database db, String explain) {
        var seal = new SealService(db, "bench");
        seal.unsealWith(seal.init(1, 1).unsealKeys());
        var vaults = new VaultService(db, seal, Clock.systemUTC());
        String vaultId = vaults.create("bench").id();
        String[] projects = new String[10];
        for (int p = 0; p < projects.length; p++) {
            projects[p] = vaults.createProject("bench", "p" + p).id();
        }
        long started = System.nanoTime();
        insert(db, vaultId, projects);
        System.out.printf("%n== %s: inserted %,d secrets (+%,d tags) in %,d ms%n", backend, SECRETS,
                SECRETS / 10 + SECRETS / 10_000, (System.nanoTime() - started) / 1_000_000);
        if (backend.equals("PostgreSQL")) {
            db.write(h -> h.execute("ANALYZE"));
        }

        var cursors = ListingCursor.withRandomKey();
        var store = new SecretListingStore(db);
        var listing = new SecretListing(store, vaults, new RootOnly(), cursors);
        String middle = db.read(h -> h.createQuery("SELECT path FROM secrets WHERE vault_id = :v ORDER BY path "
                + "LIMIT 1 OFFSET 500000").bind("v", vaultId).mapTo(String.class).one());
        String deepCursor = cursors.encode(vaultId, middle);

        measure(backend, "first page", listing, Map.of(), 100);
        measure(backend, "page after 500,000 (cursor)", listing, Map.of("cursor", deepCursor), 100);
        measure(backend, "prefix p3/team042/", listing, Map.of("prefix", "p3/team042/"), 100);
        measure(backend, "project p7", listing, Map.of("project", "p7"), 100);
        measure(backend, "tag common (1 in 10)", listing, Map.of("tag", "common"), 100);
        measure(backend, "tag rare (1 in 10,000)", listing, Map.of("tag", "rare"), 100);
        measure(backend, "q=s0500000 (scans the vault)", listing, Map.of("q", "s0500000"), 1);
        measure(backend, "prefix p3/ recursive=false (scans p3/)", listing,
                Map.of("prefix", "p3/", "recursive", "false"), 0);

        plan(db, explain, "first page", query(vaultId, "", "", null), false);
        plan(db, explain, "page after 500,000", query(vaultId, "", middle, null), false);
        plan(db, explain, "prefix", query(vaultId, "p3/team042/", "", null), false);
        plan(db, explain, "common tag", query(vaultId, "", "", "common"), false);
        plan(db, explain, "rare tag", query(vaultId, "", "", "rare"), true);
    }

    private static SecretListingStore.Query query(String vaultId, String prefix, String after, String tag) {
        return new SecretListingStore.Query(vaultId, prefix, prefix + Character.MAX_VALUE, after, false, tag, null,
                101);
    }

    private static void insert(Database db, String vaultId, String[] projects) {
        long now = System.currentTimeMillis();
        for (int from = 0; from < SECRETS; from += CHUNK) {
            int start = from;
            db.write(h -> {
                PreparedBatch secrets = h.prepareBatch("INSERT INTO secrets (id, vault_id, project_id, path, type, "
                        + "current_version, created_at, updated_at, field_names) VALUES (:id, :v, :p, :path, :type, 1, "
                        + ":now, :now, :fields)");
                PreparedBatch tags = h.prepareBatch("INSERT INTO secret_tags (secret_id, vault_id, tag) "
                        + "VALUES (:id, :v, :tag)");
                for (int i = start; i < start + CHUNK; i++) {
                    String id = String.format("sk_%07d", i);
                    boolean structured = i % 3 == 0;
                    secrets.bind("id", id).bind("v", vaultId).bind("p", projects[i % 10])
                            .bind("path", String.format("p%d/team%03d/s%07d", i % 10, (i / 10) % 1000, i))
                            .bind("type", structured ? "json" : "string").bind("now", now)
                            .bind("fields", structured ? "[\"password\",\"user\"]" : null).add();
                    if (i % 10 == 0) {
                        tags.bind("id", id).bind("v", vaultId).bind("tag", "common").add();
                    }
                    if (i % 10_000 == 0) {
                        tags.bind("id", id).bind("v", vaultId).bind("tag", "rare").add();
                    }
                }
                secrets.execute();
                return tags.execute();
            });
        }
    }

    private static void measure(String backend, String what, SecretListing listing, Map<String, String> params,
            int atLeast) {
        var parameters = new SecretListing.Parameters(Optional.ofNullable(params.get("prefix")),
                Optional.ofNullable(params.get("recursive")).map(Boolean::parseBoolean),
                Optional.ofNullable(params.get("project")), Optional.ofNullable(params.get("tag")),
                Optional.ofNullable(params.get("q")), Optional.ofNullable(params.get("limit")).map(Integer::valueOf),
                Optional.ofNullable(params.get("cursor")));
        Supplier<Page<Secret.Item>> page = () -> listing.list("bench", SecretListing.Query.from(parameters), ROOT,
                "127.0.0.1");
        for (int i = 0; i < 3; i++) {
            assertThat(page.get().data()).hasSizeGreaterThanOrEqualTo(atLeast);
        }
        long[] times = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long started = System.nanoTime();
            var _ = page.get();
            times[i] = System.nanoTime() - started;
        }
        Arrays.sort(times);
        System.out.printf("%-10s %-42s median %8.2f ms   min %8.2f ms   max %8.2f ms%n", backend, what,
                times[RUNS / 2] / 1e6, times[0] / 1e6, times[RUNS - 1] / 1e6);
    }

    private static void plan(Database db, String explain, String what, SecretListingStore.Query query,
            boolean rareTag) {
        List<String> lines = db.read(h -> {
            var select = h.createQuery(explain + SecretListingStore.sql(query, rareTag)).bind("v", query.vaultId())
                    .bind("to", query.to()).bind("limit", query.limit());
            if (query.after().compareTo(query.from()) >= 0) {
                select.bind("after", query.after());
            } else {
                select.bind("from", query.from());
            }
            if (query.tag() != null) {
                select.bind("tag", query.tag());
            }
            return select.map((rs, ctx) -> {
                var line = new StringBuilder();
                for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                    line.append(c == 1 ? "" : " | ").append(rs.getString(c));
                }
                return line.toString();
            }).list();
        });
        System.out.println("plan, " + what + ":");
        lines.forEach(line -> System.out.println("    " + line));
    }

    /** Root needs no policy decision; anything else reaching the guard is a mistake in the benchmark. */
    private static final class RootOnly implements Guard {
        @Override
        public void checkUnsealed() {}

        @Override
        public void limitSource(String sourceIp) {}

        @Override
        public Principal authenticate(Credentials credentials) {
            throw new IllegalStateException("the benchmark lists as root and never authenticates");
        }

        @Override
        public void limitPrincipal(Principal principal) {}

        @Override
        public void authorize(Principal principal, Resource resource, Permission permission, String sourceIp) {
            throw new IllegalStateException("the benchmark lists as root, which needs no policy decision");
        }
    }
}
