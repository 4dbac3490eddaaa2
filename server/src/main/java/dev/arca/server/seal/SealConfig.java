package dev.arca.server.seal;

import java.security.MessageDigest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How the root key was split, and what recognises its parts: the SHA-256 digest of every share (each share is
 * 256+ bits of uniform randomness, so its digest reveals nothing) and the root key check, a fixed marker
 * encrypted with the root key.
 *
 * @param wrappedKeyringKey the key that encrypts the keyring's rows, encrypted with the root key; null until the first
 *     rekey, while the root key itself encrypts them
 */
record SealConfig(int shares, int threshold, List<byte[]> shareDigests, byte[] rootKeyCheck,
        byte @Nullable [] wrappedKeyringKey) {
    SealConfig {
        shareDigests = List.copyOf(shareDigests);
    }

    /**
     * The position of {@code digest} among the share digests, or -1. Compares with every digest in constant
     * time, so timing tells nothing about how close a guess came.
     */
    int indexOf(byte[] digest) {
        int found = -1;
        for (int i = 0; i < shareDigests.size(); i++) {
            if (MessageDigest.isEqual(shareDigests.get(i), digest)) {
                found = i;
            }
        }
        return found;
    }
}
