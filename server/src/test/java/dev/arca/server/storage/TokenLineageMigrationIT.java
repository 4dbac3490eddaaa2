package dev.arca.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * V9 on a database filled under the earlier token rules: children that outlive their parent, and tokens made by
 * an identity that nothing tied to it, are revoked with their descendants; tokens that keep the rules stay.
 */
class TokenLineageMigrationIT {
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void tokensBreakingTheLineageRules_areRevokedWithTheirDescendants(String backend) {
        StorageUrl url = backend.equals("sqlite") ? StorageUrl.sqlite(dir.resolve("arca.db")) : postgres();
        Flyway.configure().dataSource(url.jdbcUrl(), url.user().orElse(null), url.password().orElse(null))
                .locations("classpath:db/migration").target("8")
                .placeholders(url.kind() == StorageUrl.Kind.SQLITE ? Map.of("bytes", "BLOB", "binary", "BINARY")
                        : Map.of("bytes", "BYTEA", "binary", "\"C\""))
                .load().migrate();
        long now = System.currentTimeMillis();
        var credentials = new Properties();
        url.user().ifPresent(user -> credentials.setProperty("user", user));
        url.password().ifPresent(password -> credentials.setProperty("password", password));
        Jdbi.create(url.jdbcUrl(), credentials).useHandle(h -> {
            insert(h, "root", null, null, null, now);
            insert(h, "short", "root", now + HOUR, now + 2 * HOUR, now);
            insert(h, "outlives", "short", now + 3 * HOUR, now + 4 * HOUR, now);
            insert(h, "forever", "short", null, null, now);
            insert(h, "under-outlives", "outlives", now + HOUR, now + HOUR, now);
            insert(h, "kept", "short", now + HOUR, now + 2 * HOUR, now);
            insert(h, "kept-under-root", "root", null, null, now);
            insert(h, "made-by-machine", "mach_0123", now + HOUR, now + HOUR, now);
        });
        try (Database db = Database.open(url)) {
            assertThat(revoked(db)).containsExactlyInAnyOrder("outlives", "forever", "under-outlives",
                    "made-by-machine");
            long revokedAt = db.read(h -> h.createQuery("SELECT revoked_at FROM tokens WHERE accessor = 'forever'")
                    .mapTo(Long.class).one());
            assertThat(revokedAt).isBetween(now - 60_000, System.currentTimeMillis() + 60_000);
        }
    }

    private StorageUrl postgres() {
        var fresh = TestDatabases.freshPostgres();
        Assumptions.assumeTrue(fresh.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        return StorageUrl.parse(fresh.get());
    }

    private static void insert(Handle h, String accessor, String parent, Long expires, Long max,
            long now) {
        h.createUpdate("INSERT INTO tokens (accessor, token_hash, display_name, policies, parent_accessor, "
                + "created_at, expires_at, max_expires_at) VALUES (:a, :h, 'token', '', :p, :c, :e, :m)")
                .bind("a", accessor).bind("h", "hash-" + accessor).bind("p", parent).bind("c", now)
                .bind("e", expires).bind("m", max).execute();
    }

    private static List<String> revoked(Database db) {
        return db.read(h -> h.createQuery("SELECT accessor FROM tokens WHERE revoked_at IS NOT NULL")
                .mapTo(String.class).list());
    }
}
