package dev.arca.sdk;

import dev.arca.api.Use;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Using secrets of one vault without retrieving them ({@code POST /v1/vaults/{vault}/secrets/{path}/use}): the
 * vault makes an HTTP call with the credential injected, or signs or verifies with it, and answers only the result.
 * Needs the {@code use} permission ({@link #httpHeader}: {@code use:header}). Encrypting and decrypting with a transit
 * key: {@link TransitOperations} ({@link ArcaClient#transit()}). Reached by {@link ArcaClient#use()}; immutable.
 */
public final class UseOperations {
    private final HttpTransport transport;
    private final @Nullable String vault;

    UseOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public UseOperations withVault(String vault) {
        return new UseOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /**
     * {@code POST /v1/vaults/{vault}/secrets/{path}/use}: any operation, written out; the typed methods below build
     * the request for you.
     *
     * @param answer the answer's record for the operation: {@link Use.HttpResponse}, {@link Use.Header},
     *     {@link Use.Signature} or {@link Use.Verification}
     * @throws ValidationException {@code invalid_request} naming {@code operation} for {@code encrypt}, {@code decrypt}
     *     and {@code rewrap}, which moved to the transit key's own address ({@link TransitOperations})
     */
    public <T> T request(String path, Use.Request request, Class<T> answer) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", useOf(vault, path), request, answer);
    }

    /**
     * {@code POST /v1/vaults/{vault}/secrets/{path}/use} {@code http_request}: the vault sends {@code call} with the
     * secret injected as {@code injection} says, to a destination the secret's egress rules allow, and answers the
     * upstream's status, headers and body with every occurrence of the credential replaced by {@code [REDACTED]}.
     * Redirects are not followed.
     *
     * @throws AccessDeniedException if the egress rules do not allow the URL and method, or it reaches a private
     *     address no rule names
     */
    public Use.HttpResponse httpRequest(String path, UpstreamRequest call, HeaderInjection injection) {
        return request(path, httpRequestOf(call, injection), Use.HttpResponse.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/secrets/{path}/use} {@code http_header}: the ready-made header carrying the
     * credential. This reveals the credential, so it needs {@code use:header}, granted like {@code read}.
     */
    public Use.Header httpHeader(String path, HeaderInjection injection) {
        return request(path, httpHeaderOf(injection), Use.Header.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/secrets/{path}/use} {@code sign}: the MAC of {@code data} keyed by the secret.
     *
     * @param algorithm {@code hmac-sha256}, {@code hmac-sha384} or {@code hmac-sha512}
     * @return the algorithm and the base64 signature
     */
    public Use.Signature sign(String path, String algorithm, byte[] data) {
        return sign(path, null, algorithm, data);
    }

    /**
     * {@code POST /v1/vaults/{vault}/secrets/{path}/use} {@code sign} keyed by one field of a structured secret.
     *
     * @param field the field, or null for a single-value secret
     */
    public Use.Signature sign(String path, @Nullable String field, String algorithm, byte[] data) {
        return request(path, mac(Use.SIGN, field, algorithm, data, null), Use.Signature.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/secrets/{path}/use} {@code verify}: whether {@code signature} (base64) is the
     * MAC of {@code data}; the vault compares in constant time.
     */
    public boolean verify(String path, String algorithm, byte[] data, String signature) {
        return verify(path, null, algorithm, data, signature);
    }

    /** {@code POST /v1/vaults/{vault}/secrets/{path}/use} {@code verify} keyed by one field (null: the value). */
    public boolean verify(String path, @Nullable String field, String algorithm, byte[] data, String signature) {
        Objects.requireNonNull(signature, "signature");
        return request(path, mac(Use.VERIFY, field, algorithm, data, signature), Use.Verification.class).valid();
    }

    /**
     * {@code POST /v1/vaults/{vault}/transit/{path}/encrypt}, as {@link TransitOperations#encrypt}.
     *
     * @deprecated a transit key is used at its own address: {@link ArcaClient#transit()}{@code .encrypt(…)}
     */
    @Deprecated
    public Use.Ciphertext encrypt(String path, byte[] plaintext, byte[] context) {
        return transit().encrypt(path, plaintext, context);
    }

    /**
     * {@code POST /v1/vaults/{vault}/transit/{path}/decrypt}, as {@link TransitOperations#decrypt}.
     *
     * @deprecated a transit key is used at its own address: {@link ArcaClient#transit()}{@code .decrypt(…)}
     */
    @Deprecated
    public byte[] decrypt(String path, String ciphertext, byte[] context) {
        return transit().decrypt(path, ciphertext, context);
    }

    /**
     * {@code POST /v1/vaults/{vault}/transit/{path}/rewrap}, as {@link TransitOperations#rewrap}.
     *
     * @deprecated a transit key is used at its own address: {@link ArcaClient#transit()}{@code .rewrap(…)}
     */
    @Deprecated
    public Use.Ciphertext rewrap(String path, String ciphertext, byte[] context) {
        return transit().rewrap(path, ciphertext, context);
    }

    /** {@code /v1/vaults/{vault}/secrets/{path}/use}. */
    static RequestTarget useOf(@Nullable String vault, String path) {
        return SecretOperations.secretOf(vault, path).segment("use");
    }

    /** The {@code http_request} request; shared with the async and agent clients. */
    static Use.Request httpRequestOf(UpstreamRequest call, HeaderInjection injection) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(injection, "injection");
        return new Use.Request(Use.HTTP_REQUEST, call.method(), call.url(),
                call.headers().isEmpty() ? null : call.headers(), call.body(), injection.headerType(),
                injection.headerName(), injection.field(), null, null, null, null, null, null, null,
                call.timeoutText());
    }

    /** The {@code http_header} request. */
    static Use.Request httpHeaderOf(HeaderInjection injection) {
        Objects.requireNonNull(injection, "injection");
        return new Use.Request(Use.HTTP_HEADER, null, null, null, null, injection.headerType(),
                injection.headerName(), injection.field(), null, null, null, null, null, null, null, null);
    }

    /** The {@code sign} or {@code verify} request: {@code data} as base64, which carries any bytes exactly. */
    static Use.Request mac(String operation, @Nullable String field, String algorithm, byte[] data,
            @Nullable String signature) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(data, "data");
        // base64 carries any bytes exactly; utf8 is for callers writing the JSON themselves
        return new Use.Request(operation, null, null, null, null, null, null, field, algorithm, base64(data),
                "base64", signature, null, null, null, null);
    }

    /** The transit operations of this vault, where the deprecated ones above went. */
    private TransitOperations transit() {
        return new TransitOperations(transport, vault);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
