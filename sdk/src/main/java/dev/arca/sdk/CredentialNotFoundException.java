package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code 404 not_found} for a secret route: no secret at that path (or id) in the vault, or it was deleted, or the
 * vault itself does not exist (SanctumAI's {@code CredentialNotFoundError}). The same code on any other route (a
 * vault, project, token…) is a plain {@link NotFoundException}, so catching that takes both.
 */
public class CredentialNotFoundException extends NotFoundException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public CredentialNotFoundException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }

    /**
     * See {@link NotFoundException#NotFoundException(int, String, String, Map, String, String)}.
     *
     * @param secret the path or {@code sk_…} id the request named, or null
     */
    public CredentialNotFoundException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId, @Nullable String secret) {
        super(statusCode, code, message, details, requestId, secret);
    }

    /** Check the path and vault. */
    @Override
    public String suggestion() {
        return "check the secret's path and vault: listing the secrets shows those this principal may see";
    }
}
