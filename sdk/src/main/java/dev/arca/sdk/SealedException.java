package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code 503 sealed}: the server holds no keys and serves no data until enough unseal keys are given
 * ({@link SysOperations#unseal(String)}): the vault is locked (SanctumAI's {@code VaultLockedError}). A special case
 * of {@link UnavailableException} (both are 503, both retried before they reach the caller); it says to unseal
 * rather than to wait.
 */
public class SealedException extends UnavailableException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public SealedException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }

    /** Unseal. */
    @Override
    public String suggestion() {
        return "unseal the vault: arca operator unseal (enough key holders must give their keys)";
    }
}
