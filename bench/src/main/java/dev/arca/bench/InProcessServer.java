package dev.arca.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.ArcaServer;
import dev.arca.server.config.ServerConfig;
import dev.arca.server.config.ServerConfigLoader;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A real server started in this JVM, as {@code arca server} would run it: on a free loopback port, a fresh SQLite
 * file or a fresh PostgreSQL database, the audit file sink on (fsync as asked), no rate limits (they would cap the
 * measurement, not the server). Initialised and unsealed through the API; everything is removed on close.
 */
final class InProcessServer implements Target {
    private static final int SHARES = 5;
    private static final int THRESHOLD = 3;

    private final String backend;
    private final Path dir;
    private final StorageUrl storage;
    private final Optional<Runnable> dropDatabase;
    private final Function<String, ServerConfig> configListeningOn;
    private ArcaServer server;
    private final String rootToken;
    private final List<String> unsealKeys;
    private final int acmeHttp01Port;
    private Database database;

    private InProcessServer(String backend, Path dir, StorageUrl storage, Optional<Runnable> dropDatabase,
            Function<String, ServerConfig> configListeningOn, ArcaServer server,
            String rootToken, List<String> unsealKeys, int acmeHttp01Port) {
        this.backend = backend;
        this.dir = dir;
        this.storage = storage;
        this.dropDatabase = dropDatabase;
        this.configListeningOn = configListeningOn;
        this.server = server;
        this.rootToken = rootToken;
        this.unsealKeys = unsealKeys;
        this.acmeHttp01Port = acmeHttp01Port;
    }

    /**
     * Starts a server on {@code backend} ({@code sqlite} or {@code postgresql}); for PostgreSQL a new database is
     * created next to the one {@code postgresAdmin} names and dropped on close.
     */
    static InProcessServer start(String backend, String postgresAdmin, boolean auditFsync) {
        Path dir;
        try {
            dir = Files.createTempDirectory("arca-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary directory for the server", e);
        }
        Optional<Runnable> drop = Optional.empty();
        String storageText;
        if (backend.equals("postgresql")) {
            String name = "arca_bench_" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT);
            StorageUrl admin = StorageUrl.parse(postgresAdmin);
            execute(admin, "CREATE DATABASE " + name);
            drop = Optional.of(() -> execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
            storageText = postgresAdmin.substring(0, postgresAdmin.lastIndexOf('/') + 1) + name;
        } else {
            storageText = "sqlite:" + dir.resolve("data").resolve("arca.db");
        }
        int acmePort = freePort();
        Function<String, ServerConfig> configListeningOn = listen ->
                new ServerConfigLoader(dir.resolve("home"))
                        .flag("listen", listen)
                        .flag("data_dir", dir.resolve("data").toString())
                        .flag("storage", storageText)
                        .flag("audit_fsync", Boolean.toString(auditFsync))
                        .flag("rate_limit_per_principal", "0")
                        .flag("rate_limit_per_ip", "0")
                        // the acme-order scenario's responder, on loopback
                        .flag("acme_http01_port", Integer.toString(acmePort))
                        .flag("acme_private_ranges", "127.0.0.0/8")
                        .load();
        ServerConfig config = configListeningOn.apply("127.0.0.1:0");
        ArcaServer server = ArcaServer.start(config);
        try (var http = new BenchHttp(URI.create(server.address()))) {
            JsonNode init = http.call("POST", "/v1/sys/init", null,
                    "{\"shares\":" + SHARES + ",\"threshold\":" + THRESHOLD + "}", 200);
            List<String> keys = new ArrayList<>();
            init.path("unseal_keys").forEach(key -> keys.add(key.asText()));
            for (String key : keys.subList(0, THRESHOLD)) {
                http.call("POST", "/v1/sys/unseal", null, "{\"key\":" + BenchHttp.quote(key) + "}", 200);
            }
            return new InProcessServer(backend, dir, config.storage(), drop, configListeningOn, server,
                    init.path("root_token").asText(), List.copyOf(keys.subList(0, THRESHOLD)), acmePort);
        } catch (RuntimeException e) {
            server.close();
            drop.ifPresent(Runnable::run);
            throw e;
        }
    }

    private static int freePort() {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for the ACME challenge responder", e);
        }
    }

    private static void execute(StorageUrl admin, String sql) {
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user().orElse(null),
                admin.password().orElse(null))) {
            c.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + admin + " refused '" + sql + "': " + e.getMessage()
                    + " (give --postgres URL, or --storage sqlite)", e);
        }
    }

    /**
     * Stops the server as an operator would (graceful close) and starts it again on the same port and storage; it
     * comes back sealed, as after any restart.
     */
    synchronized void restart() {
        int port = server.port();
        server.close();
        server = ArcaServer.start(configListeningOn.apply("127.0.0.1:" + port));
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    public URI address() {
        return URI.create(server.address());
    }

    @Override
    public String rootToken() {
        return rootToken;
    }

    /** A second pool on the server's database (the server does not lend its own); opened on first use. */
    @Override
    public synchronized Optional<Database> database() {
        if (database == null) {
            database = Database.open(storage);
        }
        return Optional.of(database);
    }

    @Override
    public Optional<List<String>> unsealKeys() {
        return Optional.of(unsealKeys);
    }

    @Override
    public java.util.OptionalInt acmeHttp01Port() {
        return java.util.OptionalInt.of(acmeHttp01Port);
    }

    @Override
    public synchronized void close() {
        if (database != null) {
            database.close();
        }
        server.close();
        dropDatabase.ifPresent(Runnable::run);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("arca-bench: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
