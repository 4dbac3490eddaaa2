package dev.arca.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.util.HexFormat;

/**
 * An agent key as SanctumAI's clients read it: {@code ~/.sanctum/keys/AGENT.key}, 64 lowercase hex characters of
 * the 32-byte Ed25519 seed, owner-only (0600, its directory 0700). It is the private key unencrypted, as those
 * clients require; the file's mode is its only protection.
 */
final class SanctumKeyFile {
    private SanctumKeyFile() {}

    /** {@code ~/.sanctum/keys}, where the clients look for a key when they are given no path. */
    static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".sanctum", "keys");
    }

    static void write(Path file, PrivateKey key) {
        if (!(key instanceof EdECPrivateKey ed25519) || ed25519.getBytes().isEmpty()) {
            throw new IllegalArgumentException("a SanctumAI key file holds an Ed25519 key's seed");
        }
        byte[] seed = ed25519.getBytes().get();
        OwnerOnlyFile.write(file, (HexFormat.of().formatHex(seed) + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
