package dev.arca.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The non-blocking face of an {@link ArcaClient}: the same address, credential, vault, retries and connection
 * pool, with operations that return {@link java.util.concurrent.CompletableFuture}s. Reached by
 * {@link ArcaClient#async()}; closing the {@link ArcaClient} closes it too.
 *
 * <pre>{@code
 * arca.async().secrets().readField("app/db", "password").thenAccept(pool::setPassword);
 * }</pre>
 */
public final class AsyncArcaClient {
    private final AsyncSecretOperations secrets;

    AsyncArcaClient(HttpTransport transport, @Nullable String vault, SecretCache cache) {
        this.secrets = new AsyncSecretOperations(transport, vault, cache);
    }

    /** Secrets of the client's vault; {@link AsyncSecretOperations#withVault(String)} reaches another vault. */
    public AsyncSecretOperations secrets() {
        return secrets;
    }

    @Override
    public String toString() {
        return "AsyncArcaClient[" + secrets + "]";
    }
}
