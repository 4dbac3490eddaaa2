package dev.arca.server.frontend.acme;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real {@code pebble-challtestsrv} on free loopback ports, only as a DNS server whose records a test sets through
 * the management API. Unlike the program's default, a name without records has no address (no fallback to
 * 127.0.0.1), so every address a test relies on is one it added.
 */
public final class ChallTestSrv implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final Path log;
    private final int managementPort;
    private final int dnsPort;

    private ChallTestSrv(Process process, Path log, int managementPort, int dnsPort) {
        this.process = process;
        this.log = log;
        this.managementPort = managementPort;
        this.dnsPort = dnsPort;
    }

    /** Starts it and waits until its management API accepts connections; skips when the program is missing. */
    public static ChallTestSrv start() {
        Path program = AcmeTools.require("pebble-challtestsrv");
        int management = AcmeTools.freePort();
        int dns = AcmeTools.freePort();
        try {
            Path log = Files.createTempFile("challtestsrv", ".log");
            Process process = new ProcessBuilder(program.toString(), "-management", "127.0.0.1:" + management,
                    "-dns01", "127.0.0.1:" + dns, "-http01", "", "-https01", "", "-tlsalpn01", "",
                    "-defaultIPv4", "", "-defaultIPv6", "")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            var server = new ChallTestSrv(process, log, management, dns);
            server.awaitManagement();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start pebble-challtestsrv", e);
        }
    }

    /** {@code 127.0.0.1:<port>}: the value for {@code acme_dns_resolver} and for clients' resolver flags. */
    public String dnsResolver() {
        return "127.0.0.1:" + dnsPort;
    }

    public int dnsPort() {
        return dnsPort;
    }

    /** The management API ({@code http://127.0.0.1:<port>}), for a client's DNS hook to set records itself. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** Adds a TXT record {@code value} at {@code host} (a trailing dot is added when missing). */
    public void setTxt(String host, String value) {
        post("/set-txt", "{\"host\":\"" + fqdn(host) + "\",\"value\":\"" + value + "\"}");
    }

    /** Removes every TXT record at {@code host}. */
    public void clearTxt(String host) {
        post("/clear-txt", "{\"host\":\"" + fqdn(host) + "\"}");
    }

    /** Answers A queries for {@code host} with {@code addresses}. */
    public void addA(String host, List<String> addresses) {
        post("/add-a", "{\"host\":\"" + fqdn(host) + "\",\"addresses\":["
                + addresses.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(",")) + "]}");
    }

    /** Answers CNAME queries for {@code host} with {@code target}. */
    public void setCname(String host, String target) {
        post("/set-cname", "{\"host\":\"" + fqdn(host) + "\",\"target\":\"" + fqdn(target) + "\"}");
    }

    /** What the program printed so far, for an assertion message. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // a temp file left behind is harmless
        }
    }

    private void awaitManagement() {
        for (int attempt = 0; attempt < 100; attempt++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pebble-challtestsrv exited at start: " + log());
            }
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", managementPort), 100);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        close();
        throw new IllegalStateException("pebble-challtestsrv did not open its management port: " + log());
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void post(String path, String json) {
        var request = HttpRequest.newBuilder(URI.create(managementUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("pebble-challtestsrv " + path + " answered " + response.statusCode()
                        + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("pebble-challtestsrv " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String fqdn(String host) {
        return host.endsWith(".") ? host : host + ".";
    }
}
