package dev.arca.server.route;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a handler answers: a status and a body (a wire record serialised as JSON, text, bytes, or a {@link StreamBody}
 * written piece by piece), and the headers this one answer carries besides those every answer does (a protocol's
 * {@code Location}, {@code Link}, {@code Replay-Nonce}).
 */
public record Reply(int status, @Nullable Object body, @Nullable String contentType,
        Map<String, List<String>> headers) {
    public Reply {
        headers = Map.copyOf(headers);
    }

    public Reply(int status, @Nullable Object body, @Nullable String contentType) {
        this(status, body, contentType, Map.of());
    }

    /** A copy that also carries header {@code name}; a second value for a name is sent as a second header line. */
    public Reply withHeader(String name, String value) {
        var copy = new LinkedHashMap<>(headers);
        var values = new ArrayList<>(copy.getOrDefault(name, List.of()));
        values.add(value);
        copy.put(name, List.copyOf(values));
        return new Reply(status, body, contentType, copy);
    }

    /**
     * A body that is written while the answer is being sent, for answers that last (server-sent events). The
     * pipeline has audited the request and its response before it calls {@link #writeTo}, outside any storage
     * transaction, so a stream never holds a database connection while it waits.
     */
    @FunctionalInterface
    public interface StreamBody {
        /**
         * Writes the body; flush to send what was written. Returns when the answer is complete. An
         * {@link IOException} means the caller went away: the answer simply ends.
         */
        void writeTo(OutputStream out) throws IOException;
    }

    public static Reply ok(Object body) {
        return new Reply(200, body, "application/json");
    }

    public static Reply created(Object body) {
        return new Reply(201, body, "application/json");
    }

    public static Reply noContent() {
        return new Reply(204, null, null);
    }

    public static Reply text(int status, String body, String contentType) {
        return new Reply(status, body, contentType);
    }

    /** Binary answers: DER certificates and CRLs, OCSP responses. */
    public static Reply bytes(int status, byte[] body, String contentType) {
        return new Reply(status, body, contentType);
    }

    public static Reply json(int status, Object body) {
        return new Reply(status, body, "application/json");
    }

    /** 200 with a body of {@code contentType} that {@code body} writes after the answer's headers were sent. */
    public static Reply stream(String contentType, StreamBody body) {
        return new Reply(200, body, contentType);
    }
}
