package dev.arca.server.database.plugin.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.SecretText;
import dev.arca.server.database.plugin.ConnectionSettings;
import dev.arca.server.database.plugin.DatabaseClient;
import dev.arca.server.database.plugin.DatabaseException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin over TLS, against a real {@code redis-server} this test starts on a free port with {@code openssl}'s
 * certificates: one for 127.0.0.1 and, on a second server, one for another host name. Skipped loudly when either
 * program is missing, even under {@code ARCA_REQUIRE_REDIS=1}: that asks for the Redis service on 6379, which CI
 * may run in a container without installing either program.
 */
class RedisTlsIT {
    @TempDir
    static Path dir;
    private static Process rightName;
    private static Process wrongName;
    private static int rightPort;
    private static int wrongPort;

    @BeforeAll
    static void startServers() throws Exception {
        requirePrograms();
        rightPort = freePort();
        wrongPort = freePort();
        rightName = start("right", "IP:127.0.0.1", rightPort);
        wrongName = start("wrong", "DNS:elsewhere.example", wrongPort);
    }

    @AfterAll
    static void stopServers() {
        for (Process server : new Process[] {rightName, wrongName}) {
            if (server != null) {
                server.destroy();
            }
        }
    }

    @Test
    void tls_serverCertificateFromCaPem_connectsAndMakesUsers() throws IOException {
        try (DatabaseClient client = open(rightPort, new ConnectionSettings.Tls(true, ca("right"), false))) {
            assertThatCode(client::verify).doesNotThrowAnyException();
            var user = new dev.arca.server.database.plugin.NewUser("arca_it_tls", SecretText.of("pw-tls-12345678"),
                    Instant.now().plusSeconds(60));
            client.create(user, List.of("~*", "+@read"));
            assertThat(client.exists("arca_it_tls")).isTrue();
            client.revoke("arca_it_tls", List.of());
            assertThat(client.exists("arca_it_tls")).isFalse();
        }
    }

    @Test
    void tls_caNotTrusted_isUnavailable() {
        try (DatabaseClient client = open(rightPort, new ConnectionSettings.Tls(true, null, false))) {
            assertThatThrownBy(client::verify).isInstanceOf(DatabaseException.Unavailable.class);
        }
    }

    @Test
    void tls_certificateForAnotherHost_isUnavailable_unlessSkipVerify() throws IOException {
        try (DatabaseClient client = open(wrongPort, new ConnectionSettings.Tls(true, ca("wrong"), false));
                DatabaseClient skipping = open(wrongPort, new ConnectionSettings.Tls(true, ca("wrong"), true))) {
            // trusted, so only the name can be what is refused
            assertThatThrownBy(client::verify).isInstanceOf(DatabaseException.Unavailable.class)
                    .rootCause().hasMessageContaining("subject alternative");
            assertThatCode(skipping::verify).doesNotThrowAnyException();
        }
    }

    @Test
    void tls_plainClientToTlsPort_isUnavailable() {
        try (DatabaseClient client = open(rightPort, ConnectionSettings.Tls.OFF)) {
            assertThatThrownBy(client::verify).isInstanceOf(DatabaseException.Unavailable.class);
        }
    }

    @Test
    void tls_caPemWithoutCertificate_isInvalid() {
        var plugin = new RedisPlugin();
        var settings = settings(rightPort, new ConnectionSettings.Tls(true, "not a certificate", false));

        assertThatThrownBy(() -> plugin.open(settings).close()).isInstanceOf(DatabaseException.Invalid.class);
    }

    private static DatabaseClient open(int port, ConnectionSettings.Tls tls) {
        return new RedisPlugin().open(settings(port, tls));
    }

    private static ConnectionSettings settings(int port, ConnectionSettings.Tls tls) {
        return new ConnectionSettings("redis://127.0.0.1:" + port, "default", SecretText.of(""), 2,
                Duration.ofSeconds(2), tls);
    }

    private static String ca(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".crt"));
    }

    private static void requirePrograms() {
        for (String program : List.of("/usr/bin/redis-server", "/usr/bin/openssl")) {
            if (!Files.isExecutable(Path.of(program))) {
                System.err.println("*** SKIPPING the Redis TLS tests: " + program + " is not installed ***");
                Assumptions.abort(program + " is not installed");
            }
        }
    }

    private static Process start(String name, String subjectAltName, int port) throws Exception {
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=" + name, "-addext",
                "subjectAltName=" + subjectAltName, "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + "-openssl.log").toFile()).start();
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0).as("openssl made " + name)
                .isTrue();
        Process server = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", String.valueOf(port),
                "--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(), "--tls-auth-clients", "no",
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + "-redis.log").toFile()).start();
        awaitListening(port, server);
        return server;
    }

    private static void awaitListening(int port, Process server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                new Socket("127.0.0.1", port).close();
                return;
            } catch (IOException notYet) {
                assertThat(server.isAlive()).as("redis-server on " + port + " running").isTrue();
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + port + " within 10 s");
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
