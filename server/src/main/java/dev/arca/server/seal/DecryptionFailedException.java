package dev.arca.server.seal;

/**
 * A ciphertext or a stored keyset did not decrypt: it was altered, it was moved from the place its associated
 * data binds it to, or it was made by a key this keyring does not hold. The message names where the
 * ciphertext was meant to belong and never carries plaintext or key material.
 */
public final class DecryptionFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DecryptionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
