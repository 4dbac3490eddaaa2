package dev.arca.sdk;

import dev.arca.api.Use;
import java.util.Base64;
import java.util.Objects;

/**
 * Using secrets of one vault without retrieving them ({@code POST /v1/vaults/{vault}/secrets/{path}/use}): the
 * vault makes an HTTP call with the credential injected, signs or verifies with it, or encrypts and decrypts with a
 * transit key, and answers only the result. Needs the {@code use} permission ({@link #httpHeader}: {@code use:header}).
 * Reached by {@link ArcaClient#use()}; immutable.
 */
public final class UseOperations {
    private final HttpTransport transport;
    private final String vault;

    UseOperations(HttpTransport transport, String vault) {
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
     *     {@link Use.Signature}, {@link Use.Verification}, {@link Use.Ciphertext} or {@link Use.Plaintext}
     */
    public <T> T request(String path, Use.Request request, Class<T> answer) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", SecretOperations.secretOf(vault, path).segment("use"), request, answer);
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
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(injection, "injection");
        var request = new Use.Request(Use.HTTP_REQUEST, call.method(), call.url(),
                call.headers().isEmpty() ? null : call.headers(), call.body(), injection.headerType(),
                injection.headerName(), injection.field(), null, null, null, null, null, null, null,
                call.timeoutText());
        return request(path, request, Use.HttpResponse.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/secrets/{path}/use} {@code http_header}: the ready-made header carrying the
     * credential. This reveals the credential, so it needs {@code use:header}, granted like {@code read}.
     */
    public Use.Header httpHeader(String path, HeaderInjection injection) {
        Objects.requireNonNull(injection, "injection");
        var request = new Use.Request(Use.HTTP_HEADER, null, null, null, null, injection.headerType(),
                injection.headerName(), injection.field(), null, null, null, null, null, null, null, null);
        return request(path, request, Use.Header.class);
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
    public Use.Signature sign(String path, String field, String algorithm, byte[] data) {
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
    public boolean verify(String path, String field, String algorithm, byte[] data, String signature) {
        Objects.requireNonNull(signature, "signature");
        return request(path, mac(Use.VERIFY, field, algorithm, data, signature), Use.Verification.class).valid();
    }

    /**
     * {@code POST /v1/vaults/{vault}/secrets/{path}/use} {@code encrypt} with a transit key
     * ({@link TransitOperations}): a ciphertext {@code arca:v{N}:…} under the key's latest version.
     *
     * @param context associated data that decryption must repeat, or null
     */
    public Use.Ciphertext encrypt(String path, byte[] plaintext, byte[] context) {
        Objects.requireNonNull(plaintext, "plaintext");
        var request = new Use.Request(Use.ENCRYPT, null, null, null, null, null, null, null, null, null, null, null,
                base64(plaintext), null, base64(context), null);
        return request(path, request, Use.Ciphertext.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/secrets/{path}/use} {@code decrypt}: the plaintext of a ciphertext of this
     * transit key, made with the same {@code context}.
     *
     * @throws ApiException {@code invalid_request} if it is another key's or context's ciphertext, or its key
     *     version is below the key's minimum decryption version
     */
    public byte[] decrypt(String path, String ciphertext, byte[] context) {
        var request = transit(Use.DECRYPT, ciphertext, context);
        String plaintext = request(path, request, Use.Plaintext.class).plaintext();
        try {
            return Base64.getDecoder().decode(plaintext);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ArcaException("Arca answered a decrypt of " + path + " with a plaintext that is not base64");
        }
    }

    /**
     * {@code POST /v1/vaults/{vault}/secrets/{path}/use} {@code rewrap}: the same plaintext encrypted again under
     * the key's latest version, without the plaintext leaving the vault.
     */
    public Use.Ciphertext rewrap(String path, String ciphertext, byte[] context) {
        return request(path, transit(Use.REWRAP, ciphertext, context), Use.Ciphertext.class);
    }

    private static Use.Request mac(String operation, String field, String algorithm, byte[] data, String signature) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(data, "data");
        // base64 carries any bytes exactly; utf8 is for callers writing the JSON themselves
        return new Use.Request(operation, null, null, null, null, null, null, field, algorithm, base64(data),
                "base64", signature, null, null, null, null);
    }

    private static Use.Request transit(String operation, String ciphertext, byte[] context) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        return new Use.Request(operation, null, null, null, null, null, null, null, null, null, null, null, null,
                ciphertext, base64(context), null);
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }
}
