package dev.arca.sdk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The path and query of one request, with every segment and query value percent-encoded, so a vault name or a
 * secret path can never change which route is called.
 */
final class RequestTarget {
    private final StringBuilder path = new StringBuilder();
    private final List<String> query = new ArrayList<>();
    /** The secret (path or {@code sk_…} id) the caller named, for the not-found exception; null for other routes. */
    private @Nullable String secret;

    private RequestTarget() {}

    /** A target made of fixed segments, e.g. {@code route("v1", "sys", "health")}. */
    static RequestTarget route(String... fixed) {
        var target = new RequestTarget();
        for (String segment : fixed) {
            target.segment(segment);
        }
        return target;
    }

    /** Appends one segment; a slash inside it is encoded. */
    RequestTarget segment(String segment) {
        path.append('/').append(encode(segment));
        return this;
    }

    /** Appends a slash-separated path (a secret path), encoding each segment and keeping the slashes. */
    RequestTarget path(String slashSeparated) {
        for (String segment : slashSeparated.split("/", -1)) {
            segment(segment);
        }
        return this;
    }

    /** Adds {@code name=value} to the query; a null value adds nothing. */
    RequestTarget query(String name, @Nullable Object value) {
        if (value != null) {
            query.add(encode(name) + "=" + encode(value.toString()));
        }
        return this;
    }

    /**
     * Marks the target as one about the secret the caller named as {@code pathOrId}, so that a 404 answer to it
     * says which ({@link NotFoundException#secret()}).
     */
    RequestTarget about(String pathOrId) {
        this.secret = pathOrId;
        return this;
    }

    /** The secret this target is about, as the caller named it; null when it names none. */
    @Nullable String secret() {
        return secret;
    }

    /** The path alone, without the query. */
    String path() {
        return path.toString();
    }

    @Override
    public String toString() {
        return query.isEmpty() ? path.toString() : path + "?" + String.join("&", query);
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters. */
    static String encode(String text) {
        var out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
