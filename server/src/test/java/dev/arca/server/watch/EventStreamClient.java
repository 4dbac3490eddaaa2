package dev.arca.server.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A test's server-sent-events reader over real HTTP: parses the stream into events and comments as they arrive,
 * and notices when the server ends it. Public for the other features' tests of what watchers hear (rotation).
 */
public final class EventStreamClient implements AutoCloseable {
    private static final ObjectMapper JSON = Json.lenient();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One thing the stream said: an event ({@code type} + {@code data}), a comment, or the end of the stream. */
    public record Message(String type, JsonNode data, String comment) {
        static final Message END = new Message("end", null, null);

        public boolean isEnd() {
            return this == END;
        }
    }

    public final int status;
    public final Map<String, java.util.List<String>> headers;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final Stream<String> lines;

    private EventStreamClient(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.headers = response.headers().map();
        this.lines = response.body();
        Thread.ofVirtual().start(this::read);
    }

    public static EventStreamClient open(String address, String pathWithQuery, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create(address + pathWithQuery)).GET();
        headers.forEach(request::header);
        try {
            return new EventStreamClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        String type = null;
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith(":")) {
                    messages.add(new Message(null, null, line.substring(1).trim()));
                } else if (line.startsWith("event: ")) {
                    type = line.substring("event: ".length());
                } else if (line.startsWith("data: ")) {
                    messages.add(new Message(type, JSON.readTree(line.substring("data: ".length())), null));
                    type = null;
                }
            }
        } catch (IOException | RuntimeException ended) {
            // the connection closed under the reader: the same as the end of the stream for a test
        }
        messages.add(Message.END);
    }

    /** The next message, or an error when none comes within {@code max}. */
    public Message next(Duration max) throws InterruptedException {
        Message message = messages.poll(max.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("the stream said nothing for " + max);
        }
        return message;
    }

    /** The next event, skipping comments. */
    public Message nextEvent(Duration max) throws InterruptedException {
        Message message;
        do {
            message = next(max);
        } while (message.comment() != null);
        return message;
    }

    /** Hangs up; the reader thread notices and stops on its own. */
    @Override
    public void close() {
        lines.close();
    }
}
