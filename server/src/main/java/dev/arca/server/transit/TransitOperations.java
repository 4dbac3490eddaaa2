package dev.arca.server.transit;

import dev.arca.api.Use;
import dev.arca.server.identity.Principal;

/**
 * The transit half of {@code POST …/secrets/{path}/use}: encrypt, decrypt and rewrap with the transit key at
 * {@code path} (never an ordinary secret: the keys live in the key-material store). The use route has already
 * checked the {@code use} permission on the path.
 *
 * <p>Guarantees: key material never leaves these methods; a ciphertext made under another key, another key version
 * than it names, or another {@code context} fails with a 400 that says nothing about the plaintext or the key.
 */
public interface TransitOperations {
    /** Whether a transit key is at {@code path}; false for a path outside any project, or an unknown vault. */
    boolean holdsKey(String vaultRef, String path);

    Use.Ciphertext encrypt(String vaultRef, String path, Use.Request request, Principal by);

    Use.Plaintext decrypt(String vaultRef, String path, Use.Request request, Principal by);

    Use.Ciphertext rewrap(String vaultRef, String path, Use.Request request, Principal by);
}
