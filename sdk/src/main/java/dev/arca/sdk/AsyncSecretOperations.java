package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Batch;
import dev.arca.api.Egress;
import dev.arca.api.Export;
import dev.arca.api.Page;
import dev.arca.api.Resolve;
import dev.arca.api.Secret;
import dev.arca.api.SecretMetadata;
import dev.arca.api.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * {@link SecretOperations} without blocking: each method sends the same request (built by the same code) and
 * returns a future that completes with the same answer, or fails with the same {@link ArcaException} subclass
 * (wrapped in a {@link java.util.concurrent.CompletionException} by {@code join()}). Retries wait on a timer, not a
 * sleeping thread. A secret is named by its path or its {@code sk_…} id, as in {@link SecretOperations}.
 *
 * <p>Reads here are not cached (a future that completes from memory would hide nothing worth having), but every
 * change here — write, metadata update, rotation, deletion, undelete, destroy — drops the blocking client's cached
 * reads of that secret by path and by id, exactly as the blocking change does, and before the future completes: a
 * blocking read that follows {@code rotate(…).join()} asks the server. Argument errors (a null, a path given to
 * {@link #rotateById}, a wait over {@link SecretOperations#MAX_WAIT}) are thrown at once, before anything is sent.
 * Reached by {@link AsyncArcaClient#secrets()}; immutable.
 */
public final class AsyncSecretOperations {
    private static final TypeReference<Page<Secret.Item>> PAGE = new TypeReference<>() {};

    private final HttpTransport transport;
    private final @Nullable String vault;
    /** Shared with the blocking client: reads here do not use it, but every change here drops the secret's entries. */
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

    // ---- reading -------------------------------------------------------------------------------------------------

    /** {@code GET /v1/vaults/{vault}/secrets/{path}} (or by id): the current version; see {@link SecretOperations#read(String)}. */
    public CompletableFuture<Secret> read(String secret) {
        return read(secret, null, null);
    }

    /** {@code GET …/secrets/{path}?version=N} (or by id): one version, counted from 1. */
    public CompletableFuture<Secret> read(String secret, int version) {
        return read(secret, Integer.toString(version), null);
    }

    /** {@code GET …/secrets/{path}?version=V} (or by id): a number or {@value SecretOperations#PREVIOUS}. */
    public CompletableFuture<Secret> read(String secret, @Nullable String version) {
        return read(secret, version, null);
    }

    /**
     * {@code GET /v1/vaults/{vault}/secrets/{path}?version=V&field=F}, or {@code GET /v1/secrets/{secret_id}…} for an
     * {@code sk_…} id; see {@link SecretOperations#read(String, String, String)}.
     *
     * @param secret a path or an {@code sk_…} id
     */
    public CompletableFuture<Secret> read(String secret, @Nullable String version, @Nullable String field) {
        var target = SecretOperations.targetOf(vault, secret).query("version", version).query("field", field);
        return transport.callAsync("GET", target, null, Secret.class);
    }

    /**
     * {@code GET …/secrets/{path}?metadata=true} (or {@code /v1/secrets/{id}?metadata=true}): the current version
     * with its metadata in {@link Secret#metadata()}; see {@link SecretOperations#readWithMetadata(String)}.
     */
    public CompletableFuture<Secret> readWithMetadata(String secret) {
        return transport.callAsync("GET", SecretOperations.targetOf(vault, secret).query("metadata", true), null,
                Secret.class);
    }

    /** {@code GET …/secrets/{path}?field=F} (or by id): one field's value of the current version. */
    public CompletableFuture<String> readField(String secret, String field) {
        return read(secret, null, Objects.requireNonNull(field, "field"))
                .thenApply(answer -> answer.value().reveal());
    }

    /** {@code GET /v1/secrets/{secret_id}}: the current version of a secret by its {@code sk_…} id. */
    public CompletableFuture<Secret> readById(String id) {
        return readById(id, null, null);
    }

    /** {@code GET /v1/secrets/{secret_id}?version=N}. */
    public CompletableFuture<Secret> readById(String id, int version) {
        return readById(id, Integer.toString(version), null);
    }

    /**
     * {@code GET /v1/secrets/{secret_id}?version=V&field=F}; see {@link SecretOperations#readById(String, String,
     * String)}: an id the caller may not read fails with {@link AccessDeniedException}, known or not.
     */
    public CompletableFuture<Secret> readById(String id, @Nullable String version, @Nullable String field) {
        var target = SecretOperations.byId(id).query("version", version).query("field", field);
        return transport.callAsync("GET", target, null, Secret.class);
    }

    /** {@code POST /v1/vaults/{vault}/secrets/batch}: up to 100 secrets by path, each authorized on its own. */
    public CompletableFuture<Batch.Result> batchRead(Collection<String> paths) {
        return batchRead(paths, List.of());
    }

    /** {@code POST /v1/vaults/{vault}/secrets/batch} by paths and {@code sk_…} ids (up to 100 together). */
    public CompletableFuture<Batch.Result> batchRead(Collection<String> paths, Collection<String> ids) {
        return transport.callAsync("POST", SecretOperations.secretsOf(vault).segment("batch"),
                SecretOperations.batchOf(paths, ids), Batch.Result.class);
    }

    // ---- writing and metadata ------------------------------------------------------------------------------------

    /** {@code PUT /v1/vaults/{vault}/secrets/{path}}: writes a new version (version 1 creates the secret). */
    public CompletableFuture<Secret.Written> write(String path, Secret.Put put) {
        Objects.requireNonNull(put, "put");
        return changing(path,
                transport.callAsync("PUT", SecretOperations.secretOf(vault, path), put, Secret.Written.class));
    }

    /** {@code PUT /v1/vaults/{vault}/secrets/{path}} with a {@code string} value. */
    public CompletableFuture<Secret.Written> write(String path, String value) {
        return write(path, SecretOperations.putOf(value));
    }

    /** {@code PUT /v1/vaults/{vault}/secrets/{path}} with a {@code json} value made of string fields. */
    public CompletableFuture<Secret.Written> write(String path, Map<String, String> fields) {
        return write(path, SecretOperations.putOf(fields));
    }

    /**
     * {@code GET …/secrets/{path}/metadata} or {@code GET /v1/secrets/{secret_id}/metadata}: everything but the
     * value; see {@link SecretOperations#metadata(String)}.
     */
    public CompletableFuture<SecretMetadata> metadata(String secret) {
        return transport.callAsync("GET", SecretOperations.targetOf(vault, secret).segment("metadata"), null,
                SecretMetadata.class);
    }

    /**
     * {@code PATCH …/secrets/{path}/metadata} or {@code PATCH /v1/secrets/{secret_id}/metadata}: changes only the
     * parts given; drops the cached reads of the secret.
     */
    public CompletableFuture<SecretMetadata> updateMetadata(String secret, SecretMetadata.Update update) {
        Objects.requireNonNull(update, "update");
        return changing(secret, transport.callAsync("PATCH",
                SecretOperations.targetOf(vault, secret).segment("metadata"), update, SecretMetadata.class));
    }

    /**
     * {@code POST …/secrets/{path}/rotate} or {@code POST /v1/secrets/{secret_id}/rotate}: a new version, answered
     * as a {@link Secret.Rotated} (status, version, previous version, the new value when the caller may read it);
     * see {@link SecretOperations#rotate(String, Secret.Rotate)}. Drops the cached reads of the secret.
     *
     * @param secret a path ({@code app/db}) or an {@code sk_…} id
     */
    public CompletableFuture<Secret.Rotated> rotate(String secret, Secret.Rotate rotate) {
        Objects.requireNonNull(rotate, "rotate");
        return changing(secret, transport.callAsync("POST", SecretOperations.targetOf(vault, secret).segment("rotate"),
                rotate, Secret.Rotated.class));
    }

    /**
     * {@code POST /v1/secrets/{secret_id}/rotate}: as {@link #rotate}, by id, in any vault; a path is refused at
     * once with {@link IllegalArgumentException}.
     */
    public CompletableFuture<Secret.Rotated> rotateById(String id, Secret.Rotate rotate) {
        return rotate(SecretOperations.requireId(id, "rotateById", "rotate"), rotate);
    }

    // ---- egress ----------------------------------------------------------------------------------------------------

    /** {@code GET /v1/vaults/{vault}/secrets/{path}/egress}: where {@link AsyncUseOperations#httpRequest} may send it. */
    public CompletableFuture<Egress> egress(String path) {
        return transport.callAsync("GET", SecretOperations.secretOf(vault, path).segment("egress"), null,
                Egress.class);
    }

    /** {@code PUT /v1/vaults/{vault}/secrets/{path}/egress}: replaces the rules; see {@link SecretOperations#setEgress}. */
    public CompletableFuture<Egress> setEgress(String path, Egress.Update update) {
        Objects.requireNonNull(update, "update");
        return transport.callAsync("PUT", SecretOperations.secretOf(vault, path).segment("egress"), update,
                Egress.class);
    }

    // ---- deleting ------------------------------------------------------------------------------------------------

    /** {@code DELETE …/secrets/{path}} or {@code DELETE /v1/secrets/{secret_id}}: soft-deletes the secret. */
    public CompletableFuture<Void> delete(String secret) {
        return changing(secret, transport.callAsync("DELETE", SecretOperations.targetOf(vault, secret), null));
    }

    /** {@code DELETE …/secrets/{path}?version=N} or {@code DELETE /v1/secrets/{secret_id}?version=N}: one version. */
    public CompletableFuture<Void> deleteVersion(String secret, int version) {
        return changing(secret, transport.callAsync("DELETE",
                SecretOperations.targetOf(vault, secret).query("version", version), null));
    }

    /** {@code DELETE …?permanent=true}: destroys every version and the secret; cannot be undone. */
    public CompletableFuture<Void> deletePermanently(String secret) {
        return changing(secret, transport.callAsync("DELETE",
                SecretOperations.targetOf(vault, secret).query("permanent", true), null));
    }

    /** {@code POST …/secrets/{path}/undelete} or {@code POST /v1/secrets/{secret_id}/undelete}: the secret itself. */
    public CompletableFuture<SecretMetadata> undelete(String secret) {
        return changing(secret, transport.callAsync("POST", SecretOperations.targetOf(vault, secret)
                .segment("undelete"), new Secret.Versions(null), SecretMetadata.class));
    }

    /** {@code POST …/undelete} with versions: restores those versions. */
    public CompletableFuture<SecretMetadata> undelete(String secret, List<Integer> versions) {
        var body = SecretOperations.versionsOf(versions);
        return changing(secret, transport.callAsync("POST", SecretOperations.targetOf(vault, secret)
                .segment("undelete"), body, SecretMetadata.class));
    }

    /** {@code POST …/secrets/{path}/destroy} or {@code POST /v1/secrets/{secret_id}/destroy}: erases for good. */
    public CompletableFuture<SecretMetadata> destroy(String secret, List<Integer> versions) {
        var body = SecretOperations.versionsOf(versions);
        return changing(secret, transport.callAsync("POST", SecretOperations.targetOf(vault, secret)
                .segment("destroy"), body, SecretMetadata.class));
    }

    // ---- listing, export, references ---------------------------------------------------------------------------

    /** {@code GET /v1/vaults/{vault}/secrets?…}: one page of metadata; see {@link SecretOperations#list(ListQuery)}. */
    public CompletableFuture<Page<Secret.Item>> list(ListQuery query) {
        return transport.callAsync("GET", query.addTo(SecretOperations.secretsOf(vault)), null, PAGE);
    }

    /** {@code GET /v1/vaults/{vault}/secrets?prefix=&limit=&cursor=}: one page (each may be null). */
    public CompletableFuture<Page<Secret.Item>> list(String prefix, Integer limit, String cursor) {
        return list(ListQuery.all().prefix(prefix).limit(limit).cursor(cursor));
    }

    /**
     * Every item of {@link #list(ListQuery)}, the pages fetched one after another from the query's cursor and
     * gathered in one list. Unlike {@link SecretOperations#listAll}, which fetches lazily as it is iterated, this
     * holds the whole listing; page with {@link #list(ListQuery)} and {@link Page#cursor()} when it may be large.
     */
    public CompletableFuture<List<Secret.Item>> listAll(ListQuery query) {
        Objects.requireNonNull(query, "query");
        return listFrom(query, new ArrayList<>());
    }

    private CompletableFuture<List<Secret.Item>> listFrom(ListQuery query, List<Secret.Item> gathered) {
        return list(query).thenCompose(page -> {
            gathered.addAll(page.data());
            String cursor = SecretOperations.nextCursor(page);
            return cursor == null ? CompletableFuture.completedFuture(List.copyOf(gathered))
                    : listFrom(query.cursor(cursor), gathered);
        });
    }

    /** {@code GET /v1/vaults/{vault}/export?project=P}: the project's secrets as environment variables. */
    public CompletableFuture<Export> export(String project) {
        Objects.requireNonNull(project, "project");
        return transport.callAsync("GET", SecretOperations.exportOf(vault, project), null, Export.class);
    }

    /** {@code GET /v1/vaults/{vault}/export}: every secret of the vault the caller may read. */
    public CompletableFuture<Export> export() {
        return transport.callAsync("GET", SecretOperations.exportOf(vault, null), null, Export.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/resolve} for one {@code arca://…} reference: its value, or the reference's own
     * error as its typed {@link ApiException}.
     */
    public CompletableFuture<String> resolve(String reference) {
        Objects.requireNonNull(reference, "reference");
        return resolveAll(List.of(reference)).thenApply(result -> SecretOperations.resolved(result, reference));
    }

    /** {@code POST /v1/vaults/{vault}/resolve}: up to 100 references, each resolving or failing on its own. */
    public CompletableFuture<Resolve.Result> resolveAll(Collection<String> references) {
        return transport.callAsync("POST", SecretOperations.resolveOf(vault), new Resolve(List.copyOf(references)),
                Resolve.Result.class);
    }

    // ---- watching ------------------------------------------------------------------------------------------------

    /**
     * {@code GET /v1/secrets/{secret_id}/watch?since=N&wait=D}: the long poll of
     * {@link SecretOperations#watch(String, int, Duration)}, holding no thread while the server waits; empty when
     * nothing changed within {@code wait}.
     *
     * @param secret an {@code sk_…} id, or a path whose id is looked up first ({@link #idOf(String)})
     */
    public CompletableFuture<Optional<WatchEvent>> watch(String secret, int since, Duration wait) {
        Objects.requireNonNull(secret, "secret");
        SecretOperations.requireWait(wait);
        CompletableFuture<String> id = SecretOperations.isId(secret) ? CompletableFuture.completedFuture(secret)
                : idOf(secret);
        return id.thenCompose(known -> transport.callWaitingAsync(SecretOperations.watchOf(known, since, wait), wait,
                WatchEvent.class));
    }

    /**
     * The {@code sk_…} id of the secret at {@code path}, from one listing request; fails with a
     * {@link NotFoundException} naming the path when no secret this principal may list is there.
     */
    public CompletableFuture<String> idOf(String path) {
        return list(SecretOperations.idQuery(path)).thenApply(page -> SecretOperations.idIn(page, path));
    }

    /**
     * Drops the blocking client's cached reads of {@code secret} by path and id when {@code change} completes,
     * whether it succeeded or not (a failed change may still have applied), before the caller sees the result.
     */
    private <T> CompletableFuture<T> changing(String secret, CompletableFuture<T> change) {
        return change.whenComplete((answer, failure) -> cache.invalidate(vault, secret));
    }

    @Override
    public String toString() {
        return "AsyncSecretOperations[vault=" + vault + "]";
    }
}
