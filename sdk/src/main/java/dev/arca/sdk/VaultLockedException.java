package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code 503 sealed}: the vault is locked, the server holds no keys until it is unsealed. Every {@code sealed}
 * answer arrives as this class; it is a {@link SealedException}, so code that catches that still does.
 */
public class VaultLockedException extends SealedException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public VaultLockedException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }
}
