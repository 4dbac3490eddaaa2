package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code 410 lease_expired}: the lease ended (expired, released or revoked), so it can be neither renewed, released
 * nor read; retrieve the secret again for a new lease (SanctumAI's {@code LeaseExpiredError}).
 */
public class LeaseExpiredException extends ApiException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public LeaseExpiredException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }

    /** The ended lease's id when the server named it ({@code details.lease_id}); null otherwise. */
    public @Nullable String leaseId() {
        Object id = details().get("lease_id");
        return id == null ? null : id.toString();
    }

    /** Retrieve again. */
    @Override
    public String suggestion() {
        return "retrieve the secret again: " + (leaseId() == null ? "the lease" : "lease " + leaseId()) + " ended";
    }
}
