package dev.arca.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The bench's HTTP side: one {@link HttpClient} (HTTP/1.1, as the server speaks it) shared by every simulated
 * client, and the setup calls that must succeed before anything is measured.
 */
final class BenchHttp implements AutoCloseable {
    static final ObjectMapper JSON = Json.lenient();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI address;
    private final HttpClient client;

    BenchHttp(URI address) {
        this.address = address;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    URI address() {
        return address;
    }

    /** A request to {@code pathWithQuery} on the server, sent exactly as given. */
    HttpRequest.Builder request(String pathWithQuery) {
        return HttpRequest.newBuilder(address.resolve(pathWithQuery)).timeout(TIMEOUT);
    }

    /** Sends a measured request; the body is read and dropped, so the connection goes back to the pool. */
    int send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    HttpResponse<String> sendForText(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A setup call that must answer {@code expected}; anything else stops the run, naming the call. Error bodies
     * are quoted: the server never puts a secret value in one.
     */
    JsonNode call(String method, String path, String token, String jsonBody, int expected) {
        var request = request(path).method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response;
        try {
            response = sendForText(request.build());
        } catch (IOException e) {
            throw new IllegalStateException("setup: " + method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("setup: interrupted during " + method + " " + path, e);
        }
        if (response.statusCode() != expected) {
            throw new IllegalStateException("setup: " + method + " " + path + " answered " + response.statusCode()
                    + " (expected " + expected + "): " + response.body());
        }
        try {
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** A JSON string literal for {@code value}, for the small bodies the setup writes by hand. */
    static String quote(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("a string always serialises", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
