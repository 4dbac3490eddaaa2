package dev.arca.api;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Using a secret without retrieving it: {@code POST /v1/vaults/{vault}/secrets/{path}/use}. The vault makes the
 * HTTP call with the credential injected, signs or verifies with it, or encrypts and decrypts with a transit key,
 * and answers only the result ({@code docs/API-use.md}).
 */
public final class Use {
    private Use() {}

    /** The operations, as named on the wire. */
    public static final String HTTP_REQUEST = "http_request";
    public static final String HTTP_HEADER = "http_header";
    public static final String SIGN = "sign";
    public static final String VERIFY = "verify";
    public static final String ENCRYPT = "encrypt";
    public static final String DECRYPT = "decrypt";
    public static final String REWRAP = "rewrap";

    /**
     * One operation and its parameters; which fields apply depends on {@code operation}.
     *
     * @param headerType {@code bearer}, {@code api_key}, {@code basic} or {@code custom}
     * @param field the field of a structured secret to use (not for {@code basic})
     * @param encoding how {@code data} is written: {@code utf8} (default) or {@code base64}
     * @param plaintext base64, for {@code encrypt}
     * @param context base64 associated data for transit operations
     * @param timeout a duration ({@code 10s} default, {@code 60s} at most) for {@code http_request}
     */
    public record Request(String operation, @Nullable String method, @Nullable String url, @Nullable Map<String,
            String> headers, @Nullable String body, @Nullable String headerType, @Nullable String headerName,
            @Nullable String field, @Nullable String algorithm, @Nullable String data, @Nullable String encoding,
            @Nullable String signature, @Nullable String plaintext, @Nullable String ciphertext,
            @Nullable String context, @Nullable String timeout) {

        public static Request of(String operation) {
            return new Request(operation, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null);
        }

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
    public record Header(String headerName, String headerValue) {
        @Override
        public String toString() {
            return "Use.Header[headerName=" + headerName + ", headerValue=<redacted>]";
        }
    }

    /** {@code sign}: base64 of the MAC. */
    public record Signature(@Nullable String algorithm, String signature) {}

    /** {@code verify}. */
    public record Verification(boolean valid) {}

    /** {@code encrypt}, {@code rewrap}: {@code arca:v{N}:{base64}}. */
    public record Ciphertext(String ciphertext, int keyVersion) {}

    /** {@code decrypt}: base64 of the plaintext. */
    public record Plaintext(String plaintext) {
        @Override
        public String toString() {
            return "Use.Plaintext[<redacted>]";
        }
    }
}
