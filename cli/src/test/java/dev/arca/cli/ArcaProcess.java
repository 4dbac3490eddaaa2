package dev.arca.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code arca server} as a process of its own, for the fault tests that {@code kill -9} it: on a given port and data
 * directory (under {@code dir/data}, its output in {@code dir/server.log}), so that a restart finds what the killed
 * one left. Requests go over plain HTTP, as the server gets no chance to answer a client it could not finish.
 */
final class ArcaProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** An HTTP answer: its status, body and {@code X-Request-Id} (empty when it had none). */
    record Answer(int status, String body, String requestId) {
        JsonNode json() {
            try {
                return body.isEmpty() ? Json.lenient().nullNode() : Json.lenient().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    private final Process process;
    private final String base;

    private ArcaProcess(Process process, String base) {
        this.process = process;
        this.base = base;
    }

    /** Starts the server on SQLite ({@code storage} null) or the given {@code --storage} URL and waits for it. */
    static ArcaProcess start(Path dir, int port, @Nullable String storage) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-cp", System.getProperty("java.class.path"), "dev.arca.cli.ArcaCommand", "server",
                "--listen", "127.0.0.1:" + port, "--data-dir", dir.resolve("data").toString()));
        if (storage != null) {
            command.addAll(List.of("--storage", storage));
        }
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
        builder.environment().put("ARCA_HOME", dir.resolve("home").toString());
        var server = new ArcaProcess(builder.start(), "http://127.0.0.1:" + port);
        server.waitForHealth();
        return server;
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    String base() {
        return base;
    }

    /** SIGHUP, as logrotate's postrotate or {@code systemctl reload} sends it. */
    void hangUp() throws IOException, InterruptedException {
        var kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -HUP " + process.pid() + " failed");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the server gets no chance to finish anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** A request with an optional bearer token and JSON body; an IOException means the server is gone. */
    Answer send(String method, String path, @Nullable String token, @Nullable String body)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(),
                response.headers().firstValue("X-Request-Id").orElse(""));
    }

    private void waitForHealth() throws InterruptedException {
        for (int i = 0; i < 300 && process.isAlive(); i++) {
            try {
                send("GET", "/v1/sys/health", null, null);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("the server did not come up at " + base + " (see server.log)");
    }

    /** Stops the server as an operator would (SIGTERM), killing it if it has not stopped in fifteen seconds.
     * Not InterruptedException: javac's try lint warns of a resource whose close() throws it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
