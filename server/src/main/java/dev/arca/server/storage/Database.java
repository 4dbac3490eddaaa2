package dev.arca.server.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jspecify.annotations.Nullable;

/**
 * The storage of one server: a connection pool, the migrations, and the transaction of the request being served.
 *
 * <p>Feature stores call {@link #read} and {@link #write}. Inside {@link #inTransaction} or
 * {@link #inCombinedTransaction} (which the request pipeline opens around every writing request) both join that one
 * transaction, so a request's writes and its audit record commit together or not at all. SQLite allows one writer at
 * a time; writers queue on a lock here rather than spinning on {@code SQLITE_BUSY}.
 */
public final class Database implements AutoCloseable {
    private static final ScopedValue<Work> CURRENT = Work.CURRENT;

    private final StorageUrl url;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final ReentrantLock sqliteWriter = new ReentrantLock(true);
    /** SQLite only: see {@link #inCombinedTransaction}. */
    private final @Nullable WriteCombiner combiner;

    private Database(StorageUrl url, HikariDataSource dataSource) {
        this.url = url;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        if (url.kind() == StorageUrl.Kind.SQLITE) {
            jdbi.setStatementBuilderFactory(new SqliteStatementCache());
        }
        this.combiner = url.kind() == StorageUrl.Kind.SQLITE ? new WriteCombiner(sqliteBatches()) : null;
    }

    /** The combined transactions on SQLite: each under the one writer lock, as every other write there. */
    private WriteCombiner.Transactions sqliteBatches() {
        return new WriteCombiner.Transactions() {
            @Override
            public Handle begin() {
                sqliteWriter.lock();
                try {
                    Handle handle = jdbi.open();
                    try {
                        return handle.begin();
                    } catch (RuntimeException e) {
                        handle.close();
                        throw e;
                    }
                } catch (RuntimeException | Error e) {
                    sqliteWriter.unlock();
                    throw e;
                }
            }

            @Override
            public void end(Handle handle) {
                try {
                    handle.close();
                } finally {
                    sqliteWriter.unlock();
                }
            }
        };
    }

    /** Opens the pool and brings the schema up to date. */
    public static Database open(StorageUrl url) {
        var config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setPoolName("arca-" + url.kind().name().toLowerCase(java.util.Locale.ROOT));
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(-1);
        if (url.kind() == StorageUrl.Kind.SQLITE) {
            createPrivately(Objects.requireNonNull(url.sqliteFile(), "a sqlite URL names its file"));
            config.setMaximumPoolSize(8);
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("foreign_keys", "true");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        } else {
            config.setMaximumPoolSize(16);
            url.user().ifPresent(config::setUsername);
            url.password().ifPresent(config::setPassword);
        }
        var dataSource = new HikariDataSource(config);
        try {
            migrate(url, dataSource);
        } catch (org.flywaydb.core.internal.exception.sqlExceptions.FlywaySqlUnableToConnectToDbException e) {
            dataSource.close();
            throw new dev.arca.server.config.ConfigException("cannot connect to " + url + ": " + rootMessage(e)
                    + "; check that the database is running and that the storage URL names its host, port, user "
                    + "and database");
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(url, dataSource);
    }

    /** The innermost cause's message (the driver's, such as "Connection refused"), which never holds the password. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static void migrate(StorageUrl url, HikariDataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(url.kind() == StorageUrl.Kind.SQLITE
                        ? Map.of("bytes", "BLOB", "binary", "BINARY",
                                "now_millis", "(CAST(strftime('%s', 'now') AS INTEGER) * 1000)",
                                "random_hex", "lower(hex(randomblob(16)))")
                        : Map.of("bytes", "BYTEA", "binary", "\"C\"",
                                "now_millis", "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)",
                                // gen_random_uuid() is built in from PostgreSQL 13: 122 random bits
                                "random_hex", "replace(CAST(gen_random_uuid() AS TEXT), '-', '')"))
                .load()
                .migrate();
    }

    /**
     * The database file is made 0600 (its directory 0700) before SQLite opens it, because SQLite gives the
     * {@code -wal} and {@code -shm} files it makes the mode of the database file; left to SQLite, all three would
     * be created with the process umask (typically 0644).
     */
    private static void createPrivately(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                PrivateFiles.createDirectories(parent);
            }
            PrivateFiles.createFile(file);
            PrivateFiles.narrow(List.of(Path.of(file + "-wal"), Path.of(file + "-shm")));
        } catch (java.io.IOException e) {
            throw new StorageException("cannot create the database file " + file + " (mode 0600)", e);
        }
    }

    public StorageUrl url() {
        return url;
    }

    /** Runs {@code body} in one transaction of its own that every {@link #read}/{@link #write} inside it joins. */
    public <T, X extends Exception> T inTransaction(ScopedValue.CallableOp<T, X> body) throws X {
        if (CURRENT.isBound()) {
            return body.call();
        }
        Work work;
        T result;
        lockWriterIfSqlite();
        try (Handle handle = jdbi.open()) {
            handle.begin();
            work = new Work(handle);
            try {
                result = work.call(body);
                work.runBeforeCommit();
                handle.commit();
            } catch (Exception | Error e) {
                handle.rollback();
                work.runAfterRollback();
                throw e;
            }
        } finally {
            unlockWriterIfSqlite();
        }
        work.runAfterCommit();
        return result;
    }

    /**
     * As {@link #inTransaction}, but {@code body} may share its transaction with other callers' writes that arrived
     * meanwhile ({@link WriteCombiner}): for the request pipeline, whose writes are short and many. {@code body} runs
     * inside a savepoint of its own, so its failure rolls back only its own work; the call returns once the shared
     * transaction committed, or throws what kept it from committing. Not for work that holds locks or waits on other
     * systems inside the transaction: every write combined with it would wait too.
     *
     * <p>Only SQLite combines: it has one writer, so its writes queue anyway, each for a commit of its own. PostgreSQL
     * commits concurrent transactions in parallel and groups their WAL flushes itself; combining them ran their
     * statements one after another on one connection and measured slower (bench {@code write}: 736/s apart, 492/s
     * combined), so there each call has a transaction of its own. Its audit entries are still forced together with
     * those of the requests in flight.
     */
    public <T, X extends Exception> T inCombinedTransaction(ScopedValue.CallableOp<T, X> body) throws X {
        if (CURRENT.isBound()) {
            return body.call();
        }
        return combiner == null ? inTransaction(body) : combiner.run(body);
    }

    /**
     * Runs {@code body} in one read-only transaction that sees one committed state of the whole database while
     * writers go on: on PostgreSQL {@code REPEATABLE READ, READ ONLY}; on SQLite a deferred transaction, whose first
     * read fixes the snapshot it sees in the WAL (the writer lock is never taken, so writes do not wait for it).
     * Every {@link #read} inside joins it.
     */
    public <T, X extends Exception> T inReadSnapshot(ScopedValue.CallableOp<T, X> body) throws X {
        try (Handle handle = jdbi.open()) {
            if (url.kind() == StorageUrl.Kind.SQLITE) {
                // the pool's transaction_mode is IMMEDIATE (a writer's lock); a reader begins DEFERRED by hand
                handle.execute("BEGIN DEFERRED");
                try {
                    handle.createQuery("SELECT COUNT(*) FROM sqlite_master").mapTo(Long.class).one();
                    return new Work(handle).call(body);
                } finally {
                    handle.execute("ROLLBACK");
                }
            }
            handle.getConnection().setReadOnly(true);
            handle.setTransactionIsolationLevel(TransactionIsolationLevel.REPEATABLE_READ);
            handle.begin();
            try {
                return new Work(handle).call(body);
            } finally {
                handle.rollback();
            }
        } catch (java.sql.SQLException e) {
            throw new StorageException("cannot open a read-only transaction", e);
        }
    }

    /**
     * True inside {@link #inTransaction}: what is read here may be this transaction's own uncommitted writes, so
     * it must not go into a cache that other requests see.
     */
    public boolean isTransactionOpen() {
        return CURRENT.isBound();
    }

    /** Reads, joining the current transaction if there is one. */
    public <T> T read(HandleCallback<T, RuntimeException> callback) {
        if (CURRENT.isBound()) {
            return callback.withHandle(CURRENT.get().handle);
        }
        return jdbi.withHandle(callback);
    }

    /** Writes, joining the current transaction if there is one, else in a transaction of its own. */
    public <T> T write(HandleCallback<T, RuntimeException> callback) {
        if (CURRENT.isBound()) {
            return callback.withHandle(CURRENT.get().handle);
        }
        lockWriterIfSqlite();
        try {
            return jdbi.inTransaction(TransactionIsolationLevel.UNKNOWN, callback);
        } finally {
            unlockWriterIfSqlite();
        }
    }

    /**
     * Runs {@code action} inside the current transaction just before it commits, after everything else it does (at
     * once if there is none). A failing action keeps the transaction from committing. For waiting on what must be
     * durable before the writes count, such as the request's audit entry: a combined transaction waits for all of its
     * callers' entries together.
     */
    public void beforeCommit(Runnable action) {
        if (CURRENT.isBound()) {
            CURRENT.get().beforeCommit(action);
        } else {
            action.run();
        }
    }

    /** Runs {@code action} once the current transaction commits (at once if there is none). */
    public void afterCommit(Runnable action) {
        if (CURRENT.isBound()) {
            CURRENT.get().afterCommit(action);
        } else {
            action.run();
        }
    }

    /**
     * Runs {@code action} now and again once the current transaction ends, committed or rolled back. For clearing
     * a cache: the first run lets this transaction see its own change, the second clears whatever other readers
     * cached from the state before the commit, or from a change that was rolled back.
     */
    public void nowAndAfterTransaction(Runnable action) {
        action.run();
        if (CURRENT.isBound()) {
            CURRENT.get().afterCommit(action);
            CURRENT.get().afterRollback(action);
        }
    }

    private void lockWriterIfSqlite() {
        if (url.kind() == StorageUrl.Kind.SQLITE) {
            sqliteWriter.lock();
        }
    }

    private void unlockWriterIfSqlite() {
        if (url.kind() == StorageUrl.Kind.SQLITE) {
            sqliteWriter.unlock();
        }
    }

    /** How many writes wait for the next combined transaction (for tests that build a batch on purpose). */
    int writesWaiting() {
        return combiner == null ? 0 : combiner.waiting();
    }

    /** True when the database answers a trivial query: the storage part of the health check. */
    public boolean isReachable() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Tells {@code logger} of every statement run from now on: for tests that count a feature's statements. */
    public void logStatements(SqlLogger logger) {
        jdbi.setSqlLogger(logger);
    }

    @Override
    public void close() {
        if (combiner != null) {
            combiner.close();
        }
        dataSource.close();
    }
}
