package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Batch;
import dev.arca.api.Page;
import dev.arca.api.Resolve;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The most used {@link SecretOperations}, without blocking: each method sends the same request and returns a
 * future that completes with the same answer, or fails with the same {@link ArcaException} subclass (wrapped in a
 * {@link java.util.concurrent.CompletionException} by {@code join()}). Retries wait on a timer, not a sleeping
 * thread. Reads are not cached; a write or delete here clears the blocking client's cache of that path. Reached by
 * {@link AsyncArcaClient#secrets()}; immutable.
 */
public final class AsyncSecretOperations {
    private static final TypeReference<Page<Secret.Item>> PAGE = new TypeReference<>() {};

    private final HttpTransport transport;
    private final @Nullable String vault;
    /** Shared with the blocking client: reads here do not use it, but writes and deletes here clear its path. */
    private final SecretCache cache;

    AsyncSecretOperations(HttpTransport transport, @Nullable String vault, SecretCache cache) {
        this.transport = transport;
        this.vault = vault;
        this.cache = cache;
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public AsyncSecretOperations withVault(String vault) {
        return new AsyncSecretOperations(transport, Objects.requireNonNull(vault, "vault"), cache);
    }

    /** {@code GET /v1/vaults/{vault}/secrets/{path}}: the current version; see {@link SecretOperations#read(String)}. */
    public CompletableFuture<Secret> read(String path) {
        return read(path, null, null);
    }

    /** {@code GET /v1/vaults/{vault}/secrets/{path}?version=N}: one version, counted from 1. */
    public CompletableFuture<Secret> read(String path, int version) {
        return read(path, Integer.toString(version), null);
    }

    /** {@code GET /v1/vaults/{vault}/secrets/{path}?version=V}: a number or {@value SecretOperations#PREVIOUS}. */
    public CompletableFuture<Secret> read(String path, @Nullable String version) {
        return read(path, version, null);
    }

    /**
     * {@code GET /v1/vaults/{vault}/secrets/{path}?version=V&field=F}, or {@code GET /v1/secrets/{secret_id}…} for an
     * {@code sk_…} id; see {@link SecretOperations#read(String, String, String)}.
     *
     * @param secret a path or an {@code sk_…} id
     */
    public CompletableFuture<Secret> read(String secret, @Nullable String version, @Nullable String field) {
        Objects.requireNonNull(secret, "secret");
        var target = (SecretOperations.isId(secret) ? SecretOperations.byId(secret)
                : SecretOperations.secretOf(vault, secret)).query("version", version).query("field", field);
        return transport.callAsync("GET", target, null, Secret.class);
    }

    /** {@code GET /v1/secrets/{secret_id}}: the current version of a secret by its {@code sk_…} id. */
    public CompletableFuture<Secret> readById(String id) {
        return readById(id, null, null);
    }

    /**
     * {@code GET /v1/secrets/{secret_id}?version=V&field=F}; see {@link SecretOperations#readById(String, String,
     * String)}: an id the caller may not read fails with {@link AccessDeniedException}, known or not.
     */
    public CompletableFuture<Secret> readById(String id, @Nullable String version, @Nullable String field) {
        var target = SecretOperations.byId(id).query("version", version).query("field", field);
        return transport.callAsync("GET", target, null, Secret.class);
    }

    /** {@code GET /v1/vaults/{vault}/secrets/{path}?field=F}: one field's value of the current version. */
    public CompletableFuture<String> readField(String path, String field) {
        return read(path, null, Objects.requireNonNull(field, "field"))
                .thenApply(secret -> secret.value().reveal());
    }

    /** {@code PUT /v1/vaults/{vault}/secrets/{path}}: writes a new version (version 1 creates the secret). */
    public CompletableFuture<Secret.Written> write(String path, Secret.Put put) {
        Objects.requireNonNull(put, "put");
        return transport.callAsync("PUT", SecretOperations.secretOf(vault, path), put, Secret.Written.class)
                .whenComplete((written, failure) -> cache.invalidate(vault, path));
    }

    /** {@code PUT /v1/vaults/{vault}/secrets/{path}} with a {@code string} value. */
    public CompletableFuture<Secret.Written> write(String path, String value) {
        return write(path, new Secret.Put("string", SecretText.of(Objects.requireNonNull(value, "value")), null));
    }

    /** {@code PUT /v1/vaults/{vault}/secrets/{path}} with a {@code json} value made of string fields. */
    public CompletableFuture<Secret.Written> write(String path, Map<String, String> fields) {
        Map<String, String> copy = Map.copyOf(Objects.requireNonNull(fields, "fields"));
        return write(path, new Secret.Put("json", null, SecretText.ofAll(copy)));
    }

    /**
     * {@code DELETE /v1/vaults/{vault}/secrets/{path}}, or {@code DELETE /v1/secrets/{secret_id}} for an {@code sk_…}
     * id: soft-deletes the secret.
     */
    public CompletableFuture<Void> delete(String secret) {
        Objects.requireNonNull(secret, "secret");
        var target = SecretOperations.isId(secret) ? SecretOperations.byId(secret)
                : SecretOperations.secretOf(vault, secret);
        return transport.callAsync("DELETE", target, null)
                .whenComplete((none, failure) -> cache.invalidate(vault, secret));
    }

    /** {@code GET /v1/vaults/{vault}/secrets?prefix=&limit=&cursor=}: one page of metadata (never values). */
    public CompletableFuture<Page<Secret.Item>> list(String prefix, Integer limit, String cursor) {
        var target = ListQuery.all().prefix(prefix).limit(limit).cursor(cursor).addTo(SecretOperations.secretsOf(vault));
        return transport.callAsync("GET", target, null, PAGE);
    }

    /** {@code POST /v1/vaults/{vault}/secrets/batch}: up to 100 secrets by path, each authorized on its own. */
    public CompletableFuture<Batch.Result> batchRead(Collection<String> paths) {
        var body = new Batch(List.copyOf(paths), List.of());
        return transport.callAsync("POST", SecretOperations.secretsOf(vault).segment("batch"), body,
                Batch.Result.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/resolve} for one {@code arca://…} reference: its value, or the reference's own
     * error as its typed {@link ApiException}.
     */
    public CompletableFuture<String> resolve(String reference) {
        Objects.requireNonNull(reference, "reference");
        var target = RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("resolve");
        return transport.callAsync("POST", target, new Resolve(List.of(reference)), Resolve.Result.class)
                .thenApply(result -> {
                    SecretText value = result.values().get(reference);
                    if (value != null) {
                        return value.reveal();
                    }
                    Batch.ItemError error = result.errors().get(reference);
                    if (error == null) {
                        throw new ArcaException(
                                "Arca answered the resolve of one reference with neither a value nor an error");
                    }
                    throw ErrorDecoder.item(error.code(), error.message());
                });
    }

    @Override
    public String toString() {
        return "AsyncSecretOperations[vault=" + vault + "]";
    }
}
