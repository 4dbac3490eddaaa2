package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Page;
import dev.arca.api.Secret;
import java.util.Map;
import java.util.Objects;

/**
 * Secrets of one vault, by path ({@code app/db}, the first segment being the project) or by {@code sk_…} id.
 * Reached by {@link ArcaClient#secrets()}; immutable.
 */
public final class SecretOperations {
    private static final TypeReference<Page<Secret.Item>> PAGE = new TypeReference<>() {};

    private final HttpTransport transport;
    private final String vault;

    SecretOperations(HttpTransport transport, String vault) {
        this.transport = transport;
        this.vault = vault;
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public SecretOperations withVault(String vault) {
        return new SecretOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /**
     * {@code GET /v1/vaults/{vault}/secrets/{path}}: the current version.
     *
     * @throws NotFoundException if there is no secret at that path
     */
    public Secret read(String path) {
        return transport.call("GET", secret(path), null, Secret.class);
    }

    /** {@code GET /v1/vaults/{vault}/secrets/{path}?version=N}: one version, counted from 1. */
    public Secret read(String path, int version) {
        return transport.call("GET", secret(path).query("version", version), null, Secret.class);
    }

    /** {@code GET /v1/secrets/{secret_id}}: the current version of a secret by its {@code sk_…} id, in any vault. */
    public Secret readById(String id) {
        return transport.call("GET", byId(id), null, Secret.class);
    }

    /** {@code GET /v1/secrets/{secret_id}?version=N}. */
    public Secret readById(String id, int version) {
        return transport.call("GET", byId(id).query("version", version), null, Secret.class);
    }

    /** {@code PUT /v1/vaults/{vault}/secrets/{path}}: writes a new version (version 1 creates the secret). */
    public Secret.Written write(String path, Secret.Put put) {
        Objects.requireNonNull(put, "put");
        return transport.call("PUT", secret(path), put, Secret.Written.class);
    }

    /** {@code PUT /v1/vaults/{vault}/secrets/{path}} with a {@code string} value. */
    public Secret.Written write(String path, String value) {
        return write(path, new Secret.Put("string", Objects.requireNonNull(value, "value"), null));
    }

    /** {@code PUT /v1/vaults/{vault}/secrets/{path}} with a {@code json} value made of string fields. */
    public Secret.Written write(String path, Map<String, String> fields) {
        return write(path, new Secret.Put("json", null, Map.copyOf(Objects.requireNonNull(fields, "fields"))));
    }

    /**
     * {@code DELETE /v1/vaults/{vault}/secrets/{path}}.
     *
     * @throws NotFoundException if there is no secret at that path
     */
    public void delete(String path) {
        transport.call("DELETE", secret(path), null);
    }

    /**
     * {@code GET /v1/vaults/{vault}/secrets?prefix=P&limit=N&cursor=C}: metadata of the secrets under a prefix,
     * never their values.
     *
     * @param prefix a path prefix such as {@code app/}; null lists all
     * @param limit the page size; null lets the server choose
     * @param cursor the {@link Page#cursor()} of the previous page; null for the first
     */
    public Page<Secret.Item> list(String prefix, Integer limit, String cursor) {
        var target = secrets().query("prefix", prefix).query("limit", limit).query("cursor", cursor);
        return transport.call("GET", target, null, PAGE);
    }

    private RequestTarget secrets() {
        return RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("secrets");
    }

    private RequestTarget secret(String path) {
        Objects.requireNonNull(path, "path");
        return secrets().path(path);
    }

    private static RequestTarget byId(String id) {
        return RequestTarget.route("v1", "secrets").segment(Objects.requireNonNull(id, "id"));
    }
}
