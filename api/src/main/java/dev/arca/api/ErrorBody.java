package dev.arca.api;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The body of every error answer: {@code {"error":{"code","message","details","request_id"}}}.
 *
 * @param code one of the codes of DESIGN §7 ({@code invalid_request}, {@code sealed}, …)
 * @param message what went wrong and what to do about it; never contains a secret
 * @param details machine-readable extras (the offending field, the allowed values…), may be empty
 * @param requestId the {@code req_…} id also sent in {@code X-Request-Id}
 */
public record ErrorBody(@Nullable String code, @Nullable String message, Map<String, Object> details,
        @Nullable String requestId) {
    public ErrorBody {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** The envelope around {@link ErrorBody}. */
    public record Envelope(ErrorBody error) {}
}
