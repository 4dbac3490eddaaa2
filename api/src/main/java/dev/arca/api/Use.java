package dev.arca.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

        /** An {@code http_request} of {@code method} to {@code url}; headers, body, injection and timeout follow. */
        public static Builder httpRequest(String method, String url) {
            return new Builder(HTTP_REQUEST).method(method).url(url);
        }

        /** An {@code http_header}: the credential header of {@code headerType} ({@code bearer}, …). */
        public static Builder httpHeader(String headerType) {
            return new Builder(HTTP_HEADER).headerType(headerType);
        }

        /** A {@code sign} of {@code data} (UTF-8 text unless {@link Builder#encoding} says base64). */
        public static Builder sign(String algorithm, String data) {
            return new Builder(SIGN).algorithm(algorithm).data(data);
        }

        /** A {@code verify} of {@code signature} (base64) over {@code data}. */
        public static Builder verify(String algorithm, String data, String signature) {
            return new Builder(VERIFY).algorithm(algorithm).data(data).signature(signature);
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
     * Builds a {@link Request}: started by its operation ({@link Request#httpRequest}, {@link Request#httpHeader},
     * {@link Request#sign}, {@link Request#verify}), then the optional parts. {@link #build()} refuses a part that
     * does not apply to the operation, naming it, so the mistake is found before anything is sent.
     */
    public static final class Builder {
        private static final Map<String, Set<String>> APPLIES = Map.of(
                HTTP_REQUEST, Set.of("method", "url", "headers", "body", "header_type", "header_name", "field",
                        "timeout"),
                HTTP_HEADER, Set.of("header_type", "header_name", "field"),
                SIGN, Set.of("algorithm", "data", "encoding", "field"),
                VERIFY, Set.of("algorithm", "data", "encoding", "field", "signature"));

        private final String operation;
        private @Nullable String method;
        private @Nullable String url;
        private @Nullable Map<String, String> headers;
        private @Nullable String body;
        private @Nullable String headerType;
        private @Nullable String headerName;
        private @Nullable String field;
        private @Nullable String algorithm;
        private @Nullable String data;
        private @Nullable String encoding;
        private @Nullable String signature;
        private @Nullable Duration timeout;

        private Builder(String operation) {
            this.operation = operation;
        }

        private Builder method(String method) {
            this.method = method;
            return this;
        }

        private Builder url(String url) {
            this.url = url;
            return this;
        }

        /** One more header sent upstream ({@code http_request}). */
        public Builder header(String name, String value) {
            Map<String, String> more = headers == null ? new LinkedHashMap<>() : new LinkedHashMap<>(headers);
            more.put(name, value);
            this.headers = more;
            return this;
        }

        /** The body sent upstream ({@code http_request}). */
        public Builder body(String body) {
            this.body = body;
            return this;
        }

        /** How the credential is injected: {@code bearer}, {@code api_key}, {@code basic} or {@code custom}. */
        public Builder headerType(String headerType) {
            this.headerType = headerType;
            return this;
        }

        /** The header's name, for {@code api_key} and {@code custom}. */
        public Builder headerName(String headerName) {
            this.headerName = headerName;
            return this;
        }

        /** The field of a structured secret to use (not with {@code basic}, which uses username and password). */
        public Builder field(String field) {
            this.field = field;
            return this;
        }

        private Builder algorithm(String algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        private Builder data(String data) {
            this.data = data;
            return this;
        }

        private Builder signature(String signature) {
            this.signature = signature;
            return this;
        }

        /** How {@code data} is written: {@code utf8} (default) or {@code base64} ({@code sign}, {@code verify}). */
        public Builder encoding(String encoding) {
            this.encoding = encoding;
            return this;
        }

        /** How long the vault waits for the upstream ({@code http_request}; whole seconds, 1 s to 60 s). */
        public Builder timeout(Duration timeout) {
            if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofSeconds(60)) > 0
                    || timeout.getNano() != 0) {
                throw new IllegalArgumentException("the upstream timeout is whole seconds from 1 s to 60 s, not "
                        + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** @throws IllegalArgumentException naming the parts that do not apply to the operation */
        public Request build() {
            Set<String> misplaced = new TreeSet<>();
            Set<String> applies = APPLIES.get(operation);
            given().forEach(name -> {
                if (applies != null && !applies.contains(name)) {
                    misplaced.add(name);
                }
            });
            if (!misplaced.isEmpty()) {
                throw new IllegalArgumentException(String.join(", ", misplaced) + " does not apply to " + operation
                        + "; leave it out");
            }
            if ("basic".equals(headerType) && field != null) {
                throw new IllegalArgumentException("basic injection uses the username and password fields; leave "
                        + "field out");
            }
            return new Request(operation, method, url, headers, body, headerType, headerName, field, algorithm, data,
                    encoding, signature, null, null, null, timeout == null ? null : Durations.format(timeout));
        }

        private List<String> given() {
            List<String> names = new ArrayList<>();
            addIf(names, "headers", headers);
            addIf(names, "body", body);
            addIf(names, "header_type", headerType);
            addIf(names, "header_name", headerName);
            addIf(names, "field", field);
            addIf(names, "encoding", encoding);
            addIf(names, "timeout", timeout);
            return names;
        }

        private static void addIf(List<String> names, String name, @Nullable Object part) {
            if (part != null) {
                names.add(name);
            }
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
