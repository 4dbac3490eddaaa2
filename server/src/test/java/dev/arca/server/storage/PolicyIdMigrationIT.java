package dev.arca.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** V13 on policies made before it: each gets its own {@code pol_…} id, none a description, rules untouched. */
class PolicyIdMigrationIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void policiesMadeBeforeV13_eachGetADistinctId(String backend) {
        StorageUrl url = backend.equals("sqlite") ? StorageUrl.sqlite(dir.resolve("arca.db")) : postgres();
        Flyway.configure().dataSource(url.jdbcUrl(), url.user().orElse(null), url.password().orElse(null))
                .locations("classpath:db/migration").target("12")
                .placeholders(url.kind() == StorageUrl.Kind.SQLITE
                        ? Map.of("bytes", "BLOB", "binary", "BINARY",
                                "now_millis", "(CAST(strftime('%s', 'now') AS INTEGER) * 1000)")
                        : Map.of("bytes", "BYTEA", "binary", "\"C\"",
                                "now_millis", "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)"))
                .load().migrate();
        var credentials = new Properties();
        url.user().ifPresent(user -> credentials.setProperty("user", user));
        url.password().ifPresent(password -> credentials.setProperty("password", password));
        Jdbi.create(url.jdbcUrl(), credentials).useHandle(h -> {
            h.execute("INSERT INTO vaults (id, name, created_at) VALUES ('vault_a', 'a', 1), ('vault_b', 'b', 1)");
            for (String vault : List.of("vault_a", "vault_b")) {
                for (String name : List.of("readers", "writers")) {
                    h.createUpdate("INSERT INTO policies (vault_id, name, rules, created_at, updated_at) "
                            + "VALUES (:v, :n, '[]', 1, 2)").bind("v", vault).bind("n", name).execute();
                }
            }
        });
        try (Database db = Database.open(url)) {
            List<String> ids = db.read(h -> h.createQuery("SELECT id FROM policies").mapTo(String.class).list());
            assertThat(ids).hasSize(4).doesNotHaveDuplicates().allMatch(id -> id.matches("pol_[0-9a-f]{32}"));
            int untouched = db.read(h -> h.createQuery("SELECT COUNT(*) FROM policies WHERE description IS NULL "
                    + "AND rules = '[]' AND updated_at = 2").mapTo(Integer.class).one());
            assertThat(untouched).isEqualTo(4);
        }
    }

    private StorageUrl postgres() {
        var fresh = TestDatabases.freshPostgres();
        Assumptions.assumeTrue(fresh.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        return StorageUrl.parse(fresh.get());
    }
}
