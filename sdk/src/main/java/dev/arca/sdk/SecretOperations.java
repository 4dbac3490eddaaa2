package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Batch;
import dev.arca.api.Egress;
import dev.arca.api.Export;
import dev.arca.api.Notation;
import dev.arca.api.Page;
import dev.arca.api.Resolve;
import dev.arca.api.Secret;
import dev.arca.api.SecretMetadata;
import dev.arca.api.SecretText;
import dev.arca.api.WatchEvent;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Secrets of one vault, by path ({@code app/db}, the first segment being the project) or by {@code sk_…} id.
 * Reached by {@link ArcaClient#secrets()}; immutable.
 *
 * <p>Where a method takes a {@code secret}, it is either: a string that starts with {@code sk_} and has no
 * {@code /} is an id (a path always has one, after its project) and goes to {@code /v1/secrets/{secret_id}…},
 * anything else is a path in this client's vault and goes to {@code /v1/vaults/{vault}/secrets/{path}…}. The two
 * answer alike, with one difference: an id the caller may not act on is refused with {@link AccessDeniedException}
 * whether or not it exists (there is no existence oracle), while a caller who may read the secret gets
 * {@link NotFoundException} for a deleted one, as by path. A {@link NotFoundException} carries the path or id it
 * was about ({@link NotFoundException#secret()}).
 */
public final class SecretOperations {
    /** The version selector of the version a rotation replaced, readable during its grace period. */
    public static final String PREVIOUS = "previous";
    /** The longest a long poll ({@link #watch}) may wait on the server. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private static final TypeReference<Page<Secret.Item>> PAGE = new TypeReference<>() {};

    private final HttpTransport transport;
    private final @Nullable String vault;
    private final SecretCache cache;

    SecretOperations(HttpTransport transport, @Nullable String vault) {
        this(transport, vault, SecretCache.disabled());
    }

    SecretOperations(HttpTransport transport, @Nullable String vault, SecretCache cache) {
        this.transport = transport;
        this.vault = vault;
        this.cache = cache;
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public SecretOperations withVault(String vault) {
        return new SecretOperations(transport, Objects.requireNonNull(vault, "vault"), cache);
    }

    // ---- reading -------------------------------------------------------------------------------------------------

    /**
     * {@code GET /v1/vaults/{vault}/secrets/{path}} (or {@code GET /v1/secrets/{secret_id}} for an {@code sk_…}
     * id): the current version.
     *
     * @param secret a path or an {@code sk_…} id
     * @throws NotFoundException if there is no secret at that path (or the secret with that id is deleted)
     */
    public Secret read(String secret) {
        return read(secret, null, null);
    }

    /** {@code GET /v1/vaults/{vault}/secrets/{path}?version=N} (or by id): one version, counted from 1. */
    public Secret read(String secret, int version) {
        return read(secret, Integer.toString(version), null);
    }

    /**
     * {@code GET /v1/vaults/{vault}/secrets/{path}?version=V}: a version by number ({@code "3"}) or
     * {@value #PREVIOUS}, the version a rotation replaced, while its grace period lasts.
     *
     * @throws NotFoundException if there is no such version, or it was retired when its grace ended
     */
    public Secret read(String secret, @Nullable String version) {
        return read(secret, version, null);
    }

    /**
     * {@code GET /v1/vaults/{vault}/secrets/{path}?version=V&field=F}: the whole secret, or with {@code field} one
     * field of a structured secret ({@link Secret#value()} is then that field's value).
     *
     * @param secret a path, or an {@code sk_…} id ({@code GET /v1/secrets/{secret_id}?version=V&field=F})
     * @param version a number, {@value #PREVIOUS}, or null for the current version
     * @param field a field name, or null for the whole secret
     * @throws SecretStructureException if a field is asked of a secret that holds a single value
     * @throws FieldNotFoundException if the secret has no such field; it names the fields it has
     */
    public Secret read(String secret, @Nullable String version, @Nullable String field) {
        var target = target(secret).query("version", version).query("field", field);
        return cache.read(vault, secret, version, field, () -> transport.call("GET", target, null, Secret.class));
    }

    /**
     * {@code GET …/secrets/{path}?metadata=true} (or {@code /v1/secrets/{id}?metadata=true}): the current version
     * with its metadata (description, tags, custom pairs, versions) in {@link Secret#metadata()}, in one request
     * (ScaiVault's read answer with {@code metadata}). Never served from the client's cache.
     *
     * @param secret a path or an {@code sk_…} id
     * @throws NotFoundException if there is no such secret
     */
    public Secret readWithMetadata(String secret) {
        return transport.call("GET", target(secret).query("metadata", true), null, Secret.class);
    }

    /**
     * Forgets what the client's cache holds for this secret (every version and field, read by path or by id), so
     * the next read asks the server. Writes, rotations and deletions through this client do it themselves; call it
     * when another client changed the secret. See {@link ArcaClient.Builder#cacheTtl(Duration)}.
     *
     * @param secret a path or an {@code sk_…} id
     */
    public void invalidate(String secret) {
        cache.invalidate(vault, Objects.requireNonNull(secret, "secret"));
    }

    /**
     * Runs a change of {@code secret} (a path or id) and then forgets its cached reads by either name, even if the
     * change failed (it may apply).
     */
    private <T> T changing(String secret, Supplier<T> change) {
        try {
            return change.get();
        } finally {
            cache.invalidate(vault, secret);
        }
    }

    /** {@code GET /v1/vaults/{vault}/secrets/{path}?field=F} (or by id): one field's value of the current version. */
    public String readField(String secret, String field) {
        return read(secret, null, Objects.requireNonNull(field, "field")).value().reveal();
    }

    /** {@code GET /v1/secrets/{secret_id}}: the current version of a secret by its {@code sk_…} id, in any vault. */
    public Secret readById(String id) {
        return readById(id, null, null);
    }

    /** {@code GET /v1/secrets/{secret_id}?version=N}. */
    public Secret readById(String id, int version) {
        return readById(id, Integer.toString(version), null);
    }

    /**
     * {@code GET /v1/secrets/{secret_id}?version=V&field=F}: as {@link #read(String, String, String)}, by id (cached
     * alike).
     *
     * @throws AccessDeniedException for an id the caller may not read, whether or not it exists
     * @throws NotFoundException for a deleted secret the caller may read (root: also for an unknown id)
     */
    public Secret readById(String id, @Nullable String version, @Nullable String field) {
        var target = byId(id).query("version", version).query("field", field);
        return cache.read(vault, id, version, field, () -> transport.call("GET", target, null, Secret.class));
    }

    /**
     * {@code POST /v1/vaults/{vault}/secrets/batch}: up to 100 secrets at once by path. Each is authorized on its
     * own: one the caller may not read is in {@link Batch.Result#errors()}, the others still arrive.
     */
    public Batch.Result batchRead(Collection<String> paths) {
        return batchRead(paths, List.of());
    }

    /** {@code POST /v1/vaults/{vault}/secrets/batch} by paths and {@code sk_…} ids (up to 100 together). */
    public Batch.Result batchRead(Collection<String> paths, Collection<String> ids) {
        return transport.call("POST", secrets().segment("batch"), batchOf(paths, ids), Batch.Result.class);
    }

    // ---- writing and metadata ------------------------------------------------------------------------------------

    /** {@code PUT /v1/vaults/{vault}/secrets/{path}}: writes a new version (version 1 creates the secret). */
    public Secret.Written write(String path, Secret.Put put) {
        Objects.requireNonNull(put, "put");
        return changing(path, () -> transport.call("PUT", secret(path), put, Secret.Written.class));
    }

    /** {@code PUT /v1/vaults/{vault}/secrets/{path}} with a {@code string} value. */
    public Secret.Written write(String path, String value) {
        return write(path, putOf(value));
    }

    /** {@code PUT /v1/vaults/{vault}/secrets/{path}} with a {@code json} value made of string fields. */
    public Secret.Written write(String path, Map<String, String> fields) {
        return write(path, putOf(fields));
    }

    /**
     * {@code GET /v1/vaults/{vault}/secrets/{path}/metadata} or {@code GET /v1/secrets/{secret_id}/metadata}:
     * everything but the value, with every kept version; deleted and destroyed secrets too.
     *
     * @param secret a path or an {@code sk_…} id
     */
    public SecretMetadata metadata(String secret) {
        return transport.call("GET", target(secret).segment("metadata"), null, SecretMetadata.class);
    }

    /**
     * {@code PATCH /v1/vaults/{vault}/secrets/{path}/metadata} or {@code PATCH /v1/secrets/{secret_id}/metadata}:
     * changes the description, tags, custom pairs or version limit (only those given); writes no new version.
     *
     * @param secret a path or an {@code sk_…} id
     */
    public SecretMetadata updateMetadata(String secret, SecretMetadata.Update update) {
        Objects.requireNonNull(update, "update");
        return changing(secret,
                () -> transport.call("PATCH", target(secret).segment("metadata"), update, SecretMetadata.class));
    }

    /**
     * {@code POST /v1/vaults/{vault}/secrets/{path}/rotate}, or {@code POST /v1/secrets/{secret_id}/rotate} for an
     * {@code sk_…} id: a new version from a value, fields, a generated password or generated fields
     * ({@link Secret.Rotate#builder()}); the replaced one stays readable as {@value #PREVIOUS} for the grace period.
     * The answer carries the new value ({@link Secret.Rotated#value()} or {@link Secret.Rotated#fields()}) only if
     * the caller may also read the secret. Forgets the client's cached reads of the secret.
     *
     * <p>Before rotations answered more than {@link Secret.Written}, this returned one;
     * {@link Secret.Rotated#written()} gives it.
     *
     * @param secret a path ({@code app/db}) or an {@code sk_…} id
     * @throws ConflictException if the secret is deleted or destroyed
     * @throws SecretStructureException if a single value is asked for fields, or fields for a single value
     */
    public Secret.Rotated rotate(String secret, Secret.Rotate rotate) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(rotate, "rotate");
        return changing(secret, () -> transport.call("POST", target(secret).segment("rotate"), rotate,
                Secret.Rotated.class));
    }

    /**
     * {@code POST /v1/secrets/{secret_id}/rotate}: as {@link #rotate(String, Secret.Rotate)}, by id, in any vault.
     * An id the caller may not rotate is refused with {@link AccessDeniedException} whether it exists or not.
     */
    public Secret.Rotated rotateById(String id, Secret.Rotate rotate) {
        return rotate(requireId(id, "rotateById", "rotate"), rotate);
    }

    // ---- egress ----------------------------------------------------------------------------------------------------

    /**
     * {@code GET /v1/vaults/{vault}/secrets/{path}/egress}: where {@link UseOperations#httpRequest} may send this
     * secret; a secret without rules has empty lists (nothing is allowed). Needs {@code list}.
     */
    public Egress egress(String path) {
        return transport.call("GET", secret(path).segment("egress"), null, Egress.class);
    }

    /**
     * {@code PUT /v1/vaults/{vault}/secrets/{path}/egress}: replaces the rules; empty lists remove them all. Needs
     * {@code egress} and {@code read} on the secret, or {@code admin}.
     *
     * @param update patterns {@code scheme://host[:port][/path-prefix][*]} (at most 32) and the methods allowed to
     *     them (at least one when there is a pattern)
     */
    public Egress setEgress(String path, Egress.Update update) {
        Objects.requireNonNull(update, "update");
        return transport.call("PUT", secret(path).segment("egress"), update, Egress.class);
    }

    // ---- deleting ------------------------------------------------------------------------------------------------

    /**
     * {@code DELETE /v1/vaults/{vault}/secrets/{path}} or {@code DELETE /v1/secrets/{secret_id}}: soft-deletes the
     * secret; {@link #undelete(String)} brings it back.
     *
     * @param secret a path or an {@code sk_…} id
     * @throws NotFoundException if there is no secret at that path, or it is deleted already
     */
    public void delete(String secret) {
        changing(secret, () -> {
            transport.call("DELETE", target(secret), null);
            return null;
        });
    }

    /** {@code DELETE …/secrets/{path}?version=N} or {@code DELETE /v1/secrets/{secret_id}?version=N}: one version. */
    public void deleteVersion(String secret, int version) {
        changing(secret, () -> {
            transport.call("DELETE", target(secret).query("version", version), null);
            return null;
        });
    }

    /**
     * {@code DELETE …/secrets/{path}?permanent=true} or {@code DELETE /v1/secrets/{secret_id}?permanent=true}:
     * destroys every version (the ciphertexts are gone for good) and the secret. Cannot be undone.
     */
    public void deletePermanently(String secret) {
        changing(secret, () -> {
            transport.call("DELETE", target(secret).query("permanent", true), null);
            return null;
        });
    }

    /**
     * {@code POST …/secrets/{path}/undelete} or {@code POST /v1/secrets/{secret_id}/undelete} without versions:
     * restores the secret itself.
     */
    public SecretMetadata undelete(String secret) {
        return changing(secret, () -> transport.call("POST", target(secret).segment("undelete"),
                new Secret.Versions(null), SecretMetadata.class));
    }

    /** {@code POST …/secrets/{path}/undelete} or {@code POST /v1/secrets/{secret_id}/undelete}: those versions. */
    public SecretMetadata undelete(String secret, List<Integer> versions) {
        var body = versionsOf(versions);
        return changing(secret, () -> transport.call("POST", target(secret).segment("undelete"), body,
                SecretMetadata.class));
    }

    /** {@code POST …/secrets/{path}/destroy} or {@code POST /v1/secrets/{secret_id}/destroy}: erases for good. */
    public SecretMetadata destroy(String secret, List<Integer> versions) {
        var body = versionsOf(versions);
        return changing(secret, () -> transport.call("POST", target(secret).segment("destroy"), body,
                SecretMetadata.class));
    }

    // ---- listing, export, references ---------------------------------------------------------------------------

    /**
     * {@code GET /v1/vaults/{vault}/secrets?prefix=&recursive=&project=&tag=&q=&limit=&cursor=}: one page of
     * metadata (never values) of the secrets the caller may list. No {@code list} on the whole vault is needed: a
     * principal allowed {@code app/**} lists without a prefix and gets its project; one allowed nothing gets an
     * empty page. {@link ListQuery#project(String)} takes a project's name or {@code proj_…} id.
     */
    public Page<Secret.Item> list(ListQuery query) {
        return transport.call("GET", query.addTo(secrets()), null, PAGE);
    }

    /** {@link #list(ListQuery)} with a prefix, a page size and a cursor (each may be null). */
    public Page<Secret.Item> list(String prefix, Integer limit, String cursor) {
        return list(ListQuery.all().prefix(prefix).limit(limit).cursor(cursor));
    }

    /**
     * Every item of {@link #list(ListQuery)}, page after page: each iteration starts at the query's cursor and
     * fetches a page only when the previous one is used up.
     */
    public Iterable<Secret.Item> listAll(ListQuery query) {
        Objects.requireNonNull(query, "query");
        return () -> new Iterator<>() {
            private Page<Secret.Item> page = list(query);
            private int next;

            @Override
            public boolean hasNext() {
                while (next == page.data().size() && nextCursor(page) != null) {
                    page = list(query.cursor(nextCursor(page)));
                    next = 0;
                }
                return next < page.data().size();
            }

            @Override
            public Secret.Item next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.data().get(next++);
            }
        };
    }

    /**
     * {@code GET /v1/vaults/{vault}/export?project=P}: the project's readable secrets as environment variables
     * ({@code db/main} → {@code DB_MAIN}, fields → {@code DB_MAIN_USER}); names that several secrets would share
     * are left out and listed in {@link Export#collisions()}.
     *
     * @param project a project's name or {@code proj_…} id; an unknown project exports nothing
     */
    public Export export(String project) {
        Objects.requireNonNull(project, "project");
        return transport.call("GET", exportOf(vault, project), null, Export.class);
    }

    /**
     * {@code GET /v1/vaults/{vault}/export}: every secret of the vault the caller may read, named by its path after
     * its project; names two projects share are reported as collisions.
     */
    public Export export() {
        return transport.call("GET", exportOf(vault, null), null, Export.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/resolve} for one reference such as {@code arca://app/db/field/password}
     * (see {@link dev.arca.api.Notation}): its value.
     *
     * @throws ApiException the reference's own error, as its typed subclass ({@link NotFoundException},
     *     {@link AccessDeniedException}, {@link FieldNotFoundException}…)
     */
    public String resolve(String reference) {
        Objects.requireNonNull(reference, "reference");
        return resolved(resolveAll(List.of(reference)), reference);
    }

    /**
     * {@code POST /v1/vaults/{vault}/resolve}: up to 100 references at once; each resolves or fails on its own, so
     * every reference is a key of exactly one of {@link Resolve.Result#values()} and {@link Resolve.Result#errors()}.
     */
    public Resolve.Result resolveAll(Collection<String> references) {
        return transport.call("POST", resolveOf(vault), new Resolve(List.copyOf(references)), Resolve.Result.class);
    }

    // ---- watching ------------------------------------------------------------------------------------------------

    /**
     * {@code GET /v1/secrets/{secret_id}/watch?since=N&wait=D}: a long poll that answers as soon as the current
     * version passes {@code since} (or the secret is deleted, or access is lost), else empty after {@code wait}.
     * Polling one secret with a zero wait more often than the server allows (every 10 s) is refused with
     * {@link RateLimitedException}.
     *
     * @param secret an {@code sk_…} id, or a path: its id is looked up first with {@link #idOf(String)}
     * @param wait how long the server may hold the request, at most {@link #MAX_WAIT}
     */
    public Optional<WatchEvent> watch(String secret, int since, Duration wait) {
        Objects.requireNonNull(secret, "secret");
        requireWait(wait);
        String id = isId(secret) ? secret : idOf(secret);
        return transport.callWaiting(watchOf(id, since, wait), wait, WatchEvent.class);
    }

    /**
     * The {@code sk_…} id of the secret at {@code path}, from one listing request
     * ({@code GET /v1/vaults/{vault}/secrets?prefix=P&recursive=false&limit=1}): it needs only {@code list} on the
     * path, as watching does.
     *
     * @throws NotFoundException if no secret this principal may list is at that path (its {@code secret()} is the
     *     path)
     */
    public String idOf(String path) {
        return idIn(list(idQuery(path)), path);
    }

    /**
     * {@code GET /v1/vaults/{vault}/events?secrets=ID,ID…}: opens a server-sent event stream of changes to these
     * secrets and hands each {@link WatchEvent} to {@code listener} on the subscription's own thread. Returns once
     * the stream is open (an error answer is thrown here); close the subscription to stop.
     */
    public EventSubscription events(Collection<String> secretIds, Consumer<WatchEvent> listener) {
        if (secretIds.isEmpty()) {
            throw new IllegalArgumentException("name at least one secret id to watch");
        }
        var target = RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("events")
                .query("secrets", String.join(",", secretIds));
        return EventSubscription.open(transport, target, listener);
    }

    private RequestTarget secrets() {
        return secretsOf(vault);
    }

    private RequestTarget secret(String path) {
        return secretOf(vault, path);
    }

    private RequestTarget target(String secret) {
        return targetOf(vault, secret);
    }

    /**
     * Whether {@code secret} names a secret by id: it starts with {@code sk_} and has no {@code /}. A path always
     * has one (after its project), so no path is taken for an id.
     */
    static boolean isId(String secret) {
        return secret.startsWith("sk_") && secret.indexOf('/') < 0;
    }

    /** {@code /v1/vaults/{vault}/secrets}; shared with {@link AsyncSecretOperations}. */
    static RequestTarget secretsOf(@Nullable String vault) {
        return RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("secrets");
    }

    /** {@code /v1/vaults/{vault}/secrets/{path}}; shared with {@link AsyncSecretOperations}. */
    static RequestTarget secretOf(@Nullable String vault, String path) {
        Objects.requireNonNull(path, "path");
        return secretsOf(vault).path(path).about(path);
    }

    /** {@code /v1/secrets/{secret_id}}; shared with {@link AsyncSecretOperations}. */
    static RequestTarget byId(String id) {
        return RequestTarget.route("v1", "secrets").segment(Objects.requireNonNull(id, "id")).about(id);
    }

    // ---- request building, shared with AsyncSecretOperations ----------------------------------------------------

    /** The route of {@code secret}: by id for an {@code sk_…} id, else by path in {@code vault} ({@link #isId}). */
    static RequestTarget targetOf(@Nullable String vault, String secret) {
        Objects.requireNonNull(secret, "secret");
        return isId(secret) ? byId(secret) : secretOf(vault, secret);
    }

    /** A write of a {@code string} value. */
    static Secret.Put putOf(String value) {
        return new Secret.Put("string", SecretText.of(Objects.requireNonNull(value, "value")), null);
    }

    /** A write of a {@code json} value made of string fields. */
    static Secret.Put putOf(Map<String, String> fields) {
        Map<String, String> copy = Map.copyOf(Objects.requireNonNull(fields, "fields"));
        return new Secret.Put("json", null, SecretText.ofAll(copy));
    }

    /** A batch read of these paths and ids. */
    static Batch batchOf(Collection<String> paths, Collection<String> ids) {
        return new Batch(List.copyOf(paths), List.copyOf(ids));
    }

    /** The body naming the versions to undelete or destroy. */
    static Secret.Versions versionsOf(List<Integer> versions) {
        return new Secret.Versions(List.copyOf(versions));
    }

    /** {@code id}, refused before sending when it is not an {@code sk_…} id ({@code method} takes ids only). */
    static String requireId(String id, String method, String pathMethod) {
        if (!isId(Objects.requireNonNull(id, "id"))) {
            throw new IllegalArgumentException(method + " takes an sk_… id, not " + id + ": use " + pathMethod
                    + "(path, …)");
        }
        return id;
    }

    /** The cursor of the page after {@code page}, or null when it is the last. */
    static @Nullable String nextCursor(Page<?> page) {
        return page.hasMore() ? page.cursor() : null;
    }

    /** {@code /v1/vaults/{vault}/export[?project=P]}. */
    static RequestTarget exportOf(@Nullable String vault, @Nullable String project) {
        return RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("export")
                .query("project", project);
    }

    /** {@code /v1/vaults/{vault}/resolve}. */
    static RequestTarget resolveOf(@Nullable String vault) {
        return RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("resolve");
    }

    /** The value of one resolved reference, or its own error as its typed {@link ApiException}. */
    static String resolved(Resolve.Result result, String reference) {
        SecretText value = result.values().get(reference);
        if (value != null) {
            return value.reveal();
        }
        Batch.ItemError error = result.errors().get(reference);
        if (error == null) {
            throw new ArcaException("Arca answered the resolve of one reference with neither a value nor an error");
        }
        throw ErrorDecoder.item(error.code(), error.message());
    }

    /** The one-item listing that finds the id of the secret at {@code path} ({@link #idOf}). */
    static ListQuery idQuery(String path) {
        Objects.requireNonNull(path, "path");
        if (isId(path)) {
            throw new IllegalArgumentException(path + " is an id already; idOf takes a path such as app/db");
        }
        return ListQuery.all().prefix(path).recursive(false).limit(1);
    }

    /** The id of the secret at {@code path} in the answer to {@link #idQuery}, else a not-found naming the path. */
    static String idIn(Page<Secret.Item> page, String path) {
        return page.data().stream().filter(item -> item.path().equals(path)).map(Secret.Item::id).findFirst()
                .orElseThrow(() -> new CredentialNotFoundException(404, "not_found", "no secret at " + path
                        + " that this principal may list", Map.of(), null, path));
    }

    /** Refuses a long-poll wait outside 0..{@link #MAX_WAIT} before sending. */
    static void requireWait(Duration wait) {
        Objects.requireNonNull(wait, "wait");
        if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException("wait must be between 0 and 60 s, not " + wait);
        }
    }

    /** {@code /v1/secrets/{secret_id}/watch?since=N&wait=Ds}. */
    static RequestTarget watchOf(String id, int since, Duration wait) {
        return byId(id).segment("watch").query("since", since).query("wait", wait.toSeconds() + "s");
    }
}
