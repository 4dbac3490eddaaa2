package dev.arca.server.seal;

import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * The keyring key's stored form: encrypted with the root key, bound to its place ({@code seal_config}) by associated
 * data. It exists from the first rekey on: the root key the shares recombine then only unwraps it.
 */
final class KeyringKey {
    private static final byte[] AD = "seal_config.wrapped_keyring_key".getBytes(StandardCharsets.UTF_8);

    private KeyringKey() {}

    static byte[] wrap(Aead rootAead, byte[] keyringKey) {
        try {
            return rootAead.encrypt(keyringKey, AD);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("wrapping the keyring key failed", e);
        }
    }

    /** @throws IllegalStateException when the root key (already proven by its check) does not open it: damaged row */
    static byte[] unwrap(Aead rootAead, byte[] wrapped) {
        try {
            return rootAead.decrypt(wrapped, AD);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored keyring key does not decrypt with the root key although the "
                    + "root key check passed: seal_config.wrapped_keyring_key is damaged", e);
        }
    }
}
