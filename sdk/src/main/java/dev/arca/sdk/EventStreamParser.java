package dev.arca.sdk;

import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@code text/event-stream} format (WHATWG HTML §9.2), line by line: {@code event:} and {@code data:} fields
 * make an event that a blank line dispatches; comment lines (the server's heartbeats) and other fields are ignored.
 * Not thread-safe: one parser per stream.
 */
final class EventStreamParser {
    private final BiConsumer<String, String> dispatch;
    private String type = "";
    private @Nullable StringBuilder data;

    /** @param dispatch receives each event's type ({@code message} when it names none) and its data */
    EventStreamParser(BiConsumer<String, String> dispatch) {
        this.dispatch = dispatch;
    }

    void line(String line) {
        if (line.isEmpty()) {
            if (data != null) {
                dispatch.accept(type.isEmpty() ? "message" : type, data.toString());
            }
            type = "";
            data = null;
            return;
        }
        if (line.startsWith(":")) {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("event")) {
            type = value;
        } else if (field.equals("data")) {
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
    }
}
