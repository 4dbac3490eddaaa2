package dev.arca.server.identity;

import org.jspecify.annotations.Nullable;

/**
 * What a request touches, for authorization: a path inside a vault (a secret path such as {@code app/db}, or a
 * reserved {@code _…} path for the vault's own administration: {@code _projects}, {@code _machines},
 * {@code _policies}, {@code _clients}, {@code _agents}, {@code _users}, {@code _groups}, {@code _tokens},
 * {@code _vault}), or a global path ({@code sys/seal}, {@code vaults}) that only root may touch.
 *
 * @param vault the vault as the request named it (name or {@code vault_…} id); null for a global resource
 */
public record Resource(@Nullable String vault, @Nullable String path) {
    public static Resource global(String path) {
        return new Resource(null, path);
    }

    public static Resource inVault(String vault, @Nullable String path) {
        return new Resource(vault, path);
    }

    public boolean isGlobal() {
        return vault == null;
    }

    @Override
    public @Nullable String toString() {
        return isGlobal() ? path : "vault " + vault + ": " + path;
    }
}
