package dev.arca.api;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Using a secret without retrieving it: {@code POST /v1/vaults/{vault}/secrets/{path}/use}. The vault makes the
 * HTTP call with the credential injected, or signs or verifies with it, and answers only the result
 * ({@code docs/API-use.md}). Encrypting and decrypting with a transit key are routes of its own address,
 * {@code …/transit/{path}/encrypt|decrypt|rewrap} ({@link TransitKey.Encrypt}, {@link TransitKey.Decrypt}), which
 * answer {@link Ciphertext} and {@link Plaintext}.
 */
public final class Use {
    private Use() {}

    /** The operations, as named on the wire. */
    public static final String HTTP_REQUEST = "http_request";
    public static final String HTTP_HEADER = "http_header";
    public static final String SIGN = "sign";
    public static final String VERIFY = "verify";
    /**
     * The transit operations, once {@code use} operations: the use route now answers them 400 naming
     * {@code …/transit/{path}/encrypt|decrypt|rewrap}, where they moved.
     */
    public static final String ENCRYPT = "encrypt";
    public static final String DECRYPT = "decrypt";
    public static final String REWRAP = "rewrap";

    /**
     * One operation and its parameters; which fields apply depends on {@code operation}.
     *
     * @param headerType {@code bearer}, {@code api_key}, {@code basic} or {@code custom}
     * @param field the field of a structured secret to use (not for {@code basic})
     * @param encoding how {@code data} is written: {@code utf8} (default) or {@code base64}
     * @param plaintext with {@code ciphertext} and {@code context}, a field of the transit operations, which moved
     *     to the transit routes ({@link TransitKey.Encrypt}); kept so that the use route can tell an old client
     *     where they went rather than refuse a field it does not know
     * @param timeout a duration ({@code 10s} default, {@code 60s} at most) for {@code http_request}
     */
    public record Request(String operation, @Nullable String method, @Nullable String url,
            @Nullable Map<String, String> headers, @Nullable String body, @Nullable String headerType,
            @Nullable String headerName, @Nullable String field, @Nullable String algorithm, @Nullable String data,
            @Nullable String encoding, @Nullable String signature, @Nullable SecretText plaintext,
            @Nullable String ciphertext, @Nullable String context, @Nullable String timeout) {

        public static Request of(String operation) {
            return new Request(operation, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null);
        }

        /**
         * Only the operation and the method: besides the plaintext, a request carries the caller's own payload (a URL
         * with its query, headers, a body, data to sign) that may be confidential without being a credential.
         */
        @Override
        public String toString() {
            return "Use.Request[operation=" + operation + ", method=" + method + "]";
        }
    }

    /**
     * What the upstream answered to {@code http_request}, with every occurrence of the credential redacted.
     *
     * @param bodyEncoding {@code utf8} when the body is text, {@code base64} otherwise
     */
    public record HttpResponse(int status, Map<String, String> headers, String body, String bodyEncoding) {}

    /** {@code http_header}: the header that carries the credential. This reveals the credential. */
    public record Header(String headerName, SecretText headerValue) {}

    /** {@code sign}: base64 of the MAC. */
    public record Signature(@Nullable String algorithm, String signature) {}

    /** {@code verify}. */
    public record Verification(boolean valid) {}

    /** {@code …/transit/{path}/encrypt} and {@code …/rewrap}: {@code arca:v{N}:{base64}}. */
    public record Ciphertext(String ciphertext, int keyVersion) {}

    /**
     * {@code …/transit/{path}/decrypt}: the plaintext as the request asked for it — base64 of its bytes when it gave
     * {@code ciphertext}, the text itself when it gave {@code data} ({@link TransitKey.Decrypt}).
     */
    public record Plaintext(SecretText plaintext) {}
}
