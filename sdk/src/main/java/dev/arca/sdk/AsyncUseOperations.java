package dev.arca.sdk;

import dev.arca.api.Use;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * {@link UseOperations} without blocking ({@code POST /v1/vaults/{vault}/secrets/{path}/use}): the same requests,
 * answers and exceptions, in a future. An {@code http_request} may wait up to its upstream timeout; no thread of
 * the caller waits with it. Reached by {@link AsyncArcaClient#use()}; immutable.
 */
public final class AsyncUseOperations {
    private final HttpTransport transport;
    private final @Nullable String vault;

    AsyncUseOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public AsyncUseOperations withVault(String vault) {
        return new AsyncUseOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /** {@code POST /v1/vaults/{vault}/secrets/{path}/use}: any operation; see {@link UseOperations#request}. */
    public <T> CompletableFuture<T> request(String path, Use.Request request, Class<T> answer) {
        Objects.requireNonNull(request, "request");
        return transport.callAsync("POST", UseOperations.useOf(vault, path), request, answer);
    }

    /** {@code http_request}; see {@link UseOperations#httpRequest}. */
    public CompletableFuture<Use.HttpResponse> httpRequest(String path, UpstreamRequest call,
            HeaderInjection injection) {
        return request(path, UseOperations.httpRequestOf(call, injection), Use.HttpResponse.class);
    }

    /** {@code http_header}: the ready-made header, which reveals the credential ({@code use:header}). */
    public CompletableFuture<Use.Header> httpHeader(String path, HeaderInjection injection) {
        return request(path, UseOperations.httpHeaderOf(injection), Use.Header.class);
    }

    /** {@code sign}: the MAC of {@code data} keyed by the secret; see {@link UseOperations#sign(String, String, byte[])}. */
    public CompletableFuture<Use.Signature> sign(String path, String algorithm, byte[] data) {
        return sign(path, null, algorithm, data);
    }

    /** {@code sign} keyed by one field of a structured secret (null: the value). */
    public CompletableFuture<Use.Signature> sign(String path, @Nullable String field, String algorithm,
            byte[] data) {
        return request(path, UseOperations.mac(Use.SIGN, field, algorithm, data, null), Use.Signature.class);
    }

    /** {@code verify}: whether {@code signature} (base64) is the MAC of {@code data}. */
    public CompletableFuture<Boolean> verify(String path, String algorithm, byte[] data, String signature) {
        return verify(path, null, algorithm, data, signature);
    }

    /** {@code verify} keyed by one field (null: the value). */
    public CompletableFuture<Boolean> verify(String path, @Nullable String field, String algorithm, byte[] data,
            String signature) {
        Objects.requireNonNull(signature, "signature");
        return request(path, UseOperations.mac(Use.VERIFY, field, algorithm, data, signature),
                Use.Verification.class).thenApply(Use.Verification::valid);
    }

    @Override
    public String toString() {
        return "AsyncUseOperations[vault=" + vault + "]";
    }
}
