package dev.arca.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStatementCacheTest {
    private static final String BY_NAME = "SELECT value FROM pairs WHERE name = :name";

    @TempDir
    Path dir;

    private HikariDataSource pool;
    private Jdbi jdbi;
    /** The statements the queries ran on, in order. */
    private final List<PreparedStatement> used = new ArrayList<>();

    @BeforeEach
    void open() {
        var config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("cache.db"));
        config.setMaximumPoolSize(1);
        pool = new HikariDataSource(config);
        jdbi = Jdbi.create(pool);
        jdbi.setStatementBuilderFactory(new SqliteStatementCache());
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE pairs (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
            h.execute("INSERT INTO pairs VALUES ('a', 'alpha'), ('b', 'beta')");
        });
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void aStatementIsPreparedOnceAndKeptAcrossHandlesOfTheSameConnection() {
        assertThat(read("a")).isEqualTo("alpha");
        assertThat(read("b")).isEqualTo("beta");
        assertThat(read("missing")).isNull();

        assertThat(used).hasSize(3);
        assertThat(used.get(1)).isSameAs(used.get(0));
        assertThat(used.get(2)).isSameAs(used.get(0));
    }

    @Test
    void theSameSqlRunInsideAnOpenIterationGetsAStatementOfItsOwn() {
        String from = "SELECT name FROM pairs WHERE name >= :from ORDER BY name";
        List<String> pairs = jdbi.withHandle(h -> {
            var out = new ArrayList<String>();
            try (var names = recorded(h.createQuery(from).bind("from", "a")).mapTo(String.class).iterator()) {
                while (names.hasNext()) {
                    String name = names.next();
                    out.add(name + ">" + recorded(h.createQuery(from).bind("from", name)).mapTo(String.class).list());
                }
            }
            return out;
        });

        assertThat(pairs).containsExactly("a>[a, b]", "b>[b]");
        assertThat(used).hasSize(3);
        assertThat(used.get(1)).isNotSameAs(used.get(0));
    }

    @Test
    void aFailedStatementCanRunAgainAndWritesStillCommit() {
        String insert = "INSERT INTO pairs (name, value) VALUES (:name, :value)";
        jdbi.useHandle(h -> h.createUpdate(insert).bind("name", "c").bind("value", "gamma").execute());
        var duplicate = catchThrowable(() -> jdbi.useHandle(
                h -> h.createUpdate(insert).bind("name", "c").bind("value", "again").execute()));
        jdbi.useHandle(h -> h.createUpdate(insert).bind("name", "d").bind("value", "delta").execute());

        assertThat(duplicate).hasMessageContaining("UNIQUE");
        List<String> stored = jdbi.withHandle(h -> h.createQuery("SELECT name || '=' || value FROM pairs ORDER BY name")
                .mapTo(String.class).list());
        assertThat(stored).containsExactly("a=alpha", "b=beta", "c=gamma", "d=delta");
    }

    private String read(String name) {
        return jdbi.withHandle(h -> valueOf(h, name));
    }

    private String valueOf(Handle h, String name) {
        return query(h, name).findOne().orElse(null);
    }

    private org.jdbi.v3.core.result.ResultIterable<String> query(Handle h, String name) {
        return recorded(h.createQuery(BY_NAME).bind("name", name)).mapTo(String.class);
    }

    private Query recorded(Query query) {
        return query.addCustomizer(new StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement statement, StatementContext ctx) {
                used.add(statement);
            }
        });
    }
}
