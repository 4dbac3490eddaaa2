package dev.arca.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arca.server.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL going away under load and coming back, with the server left running: while it is gone requests answer
 * 503 {@code unavailable} (never a 500, never a hang), no acknowledged write is lost, and once it is back the same
 * server serves again. The outage is a TCP relay in front of the real PostgreSQL that is cut (every connection
 * reset, new ones refused) and reopened on the same port: to the server it is exactly a database that stopped and
 * started.
 */
@Tag("fault")
class PostgresOutageIT {
    @TempDir
    Path dir;

    @Test
    void postgresStoppedAndStartedUnderLoad_answers503ThenRecoversWithoutRestart() throws Exception {
        Optional<String> url = TestDatabases.freshPostgres();
        assumeTrue(url.isPresent(), "no PostgreSQL on 127.0.0.1:5432");
        try (var relay = new Relay(5432)) {
            String viaRelay = url.get().replace("127.0.0.1:5432", "127.0.0.1:" + relay.port());
            try (var server = TestServer.start(dir, viaRelay).initAndUnseal()) {
                assertThat(server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}").status())
                        .isEqualTo(201);
                List<String> acknowledged = new CopyOnWriteArrayList<>();
                Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
                var running = new AtomicBoolean(true);
                var writers = new Thread[4];
                for (int w = 0; w < writers.length; w++) {
                    int writer = w;
                    writers[w] = Thread.ofVirtual().start(() -> {
                        for (int i = 0; running.get(); i++) {
                            String path = "app/w" + writer + "-" + i;
                            int status = server.root("PUT", "/v1/vaults/default/secrets/" + path,
                                    "{\"value\":\"v" + i + "\"}").status();
                            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                            if (status == 200) {
                                acknowledged.add(path);
                            }
                        }
                    });
                }
                Thread.sleep(1_000);
                relay.cut();
                Thread.sleep(7_000); // past the pool's 5 s connection timeout: requests must give up, not hang
                var during = server.root("GET", "/v1/vaults/default/secrets/app/w0-0", null);
                assertThat(during.status()).isEqualTo(503);
                assertThat(during.errorCode()).isEqualTo("unavailable");
                relay.reopen();
                Thread.sleep(3_000);
                running.set(false);
                for (Thread writer : writers) {
                    writer.join();
                }

                assertThat(statuses.keySet()).as("statuses seen: " + statuses).containsOnly(200, 503);
                assertThat(statuses.get(503).get()).isPositive();
                var after = server.root("PUT", "/v1/vaults/default/secrets/app/after", "{\"value\":\"back\"}");
                assertThat(after.status()).as(after.body()).isEqualTo(200);
                for (String path : acknowledged) {
                    var read = server.root("GET", "/v1/vaults/default/secrets/" + path, null);
                    assertThat(read.status()).as(path).isEqualTo(200);
                }
                var audit = server.root("POST", "/v1/sys/audit/verify", null);
                assertThat(audit.json().path("intact").asBoolean()).as(audit.body()).isTrue();
            }
        }
    }

    /** A TCP relay on a fixed port of its own to PostgreSQL's port; {@link #cut} is the outage. */
    private static final class Relay implements AutoCloseable {
        private final int target;
        private final int port;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private volatile ServerSocket listener;

        Relay(int target) throws IOException {
            this.target = target;
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.port = listener.getLocalPort();
            accept(listener);
        }

        int port() {
            return port;
        }

        synchronized void cut() throws IOException {
            listener.close();
            for (Socket socket : open) {
                socket.close();
            }
            open.clear();
        }

        void reopen() throws IOException {
            var again = new ServerSocket();
            again.setReuseAddress(true);
            again.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = again;
            accept(again);
        }

        private void accept(ServerSocket on) {
            Thread.ofVirtual().start(() -> {
                while (!on.isClosed()) {
                    try {
                        Socket client = on.accept();
                        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                        synchronized (this) {
                            if (on.isClosed()) { // accepted just as the cut came: it must not outlive the cut
                                client.close();
                                upstream.close();
                                return;
                            }
                            open.add(client);
                            open.add(upstream);
                        }
                        pump(client, upstream);
                        pump(upstream, client);
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private static void pump(Socket from, Socket to) {
            Thread.ofVirtual().start(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException ended) {
                    // one side closed: close the other so the pair ends together
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            });
        }

        @Override
        public void close() throws IOException {
            cut();
        }
    }
}
