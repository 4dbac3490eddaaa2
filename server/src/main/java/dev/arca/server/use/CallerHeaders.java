package dev.arca.server.use;

import dev.arca.server.error.ArcaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The headers a caller asks {@code http_request} to send. A name must be a token, a value free of control characters
 * (a CR or LF would start a new header: request splitting), and none may replace what the client frames the message
 * with or the injected credential header.
 */
final class CallerHeaders {
    static final int MAX_HEADERS = 64;

    private CallerHeaders() {}

    /** The headers to send, in the caller's order; 400 naming {@code headers} for the first one refused. */
    static List<Map.Entry<String, String>> check(@Nullable Map<String, String> headers, String injectedName) {
        if (headers == null) {
            return List.of();
        }
        if (headers.size() > MAX_HEADERS) {
            throw ArcaException.invalid("headers", "headers holds more than " + MAX_HEADERS + " headers");
        }
        List<Map.Entry<String, String>> checked = new ArrayList<>();
        for (var header : headers.entrySet()) {
            String name = header.getKey();
            if (!HeaderNames.isToken(name)) {
                throw ArcaException.invalid("headers", "headers: '" + Host.printable(name) + "' is not a header name "
                        + "(letters, digits and !#$%&'*+-.^_`|~)");
            }
            if (HeaderNames.isReserved(name)) {
                throw ArcaException.invalid("headers", "headers: " + name + " is set by the vault's HTTP client and "
                        + "may not be given");
            }
            if (name.equalsIgnoreCase(injectedName)) {
                throw ArcaException.invalid("headers", "headers: " + name + " carries the secret; it may not be "
                        + "given too");
            }
            if (header.getValue() == null || !HeaderNames.isValidValue(header.getValue())) {
                throw ArcaException.invalid("headers", "headers: the value of " + name + " is missing or holds "
                        + "control characters (CR, LF, NUL, …) or characters beyond Latin-1");
            }
            checked.add(Map.entry(name, header.getValue()));
        }
        return checked;
    }
}
