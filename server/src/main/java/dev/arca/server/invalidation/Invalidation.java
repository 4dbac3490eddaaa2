package dev.arca.server.invalidation;

/**
 * What a writer changed, named by ids only (never a token, a hash or a value), so that the same event can travel
 * through a shared change log to other nodes. Each names the smallest thing a cache must forget.
 */
public sealed interface Invalidation {
    /** A token was revoked, or its expiry moved (a renewal, a parent renewed shorter); by accessor. */
    record TokenChanged(String accessor) implements Invalidation {}

    /** A policy's rules were replaced, or it was deleted. */
    record PolicyChanged(String vaultId, String name) implements Invalidation {}

    /** The policies bound to a subject ({@code user:alice}, {@code group:ops}, …) changed. */
    record BindingChanged(String vaultId, String subject) implements Invalidation {}

    /** An identity was disabled or enabled ({@code kind} a {@code Principal.Kind} name). */
    record IdentityChanged(String vaultId, String kind, String id) implements Invalidation {}

    /** Anything about a secret: a version, a version's state, its path, its metadata, deletion. */
    record SecretChanged(String secretId) implements Invalidation {}

    /**
     * Many things under a vault at once, named by no single id: a project renamed (every path under it moved) or
     * the vault deleted with all it held.
     */
    record VaultChanged(String vaultId) implements Invalidation {}

    /** Everything this node holds: the server sealed. */
    record Everything() implements Invalidation {}
}
