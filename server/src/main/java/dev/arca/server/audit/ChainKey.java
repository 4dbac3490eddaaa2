package dev.arca.server.audit;

import java.util.Optional;

/**
 * The key that MACs the audit chain: each line's hash gets a MAC while the key is in memory (the server unsealed).
 * It must be a key of its own, never one that MACs caller-chosen input elsewhere (the audit identifier HMAC): a MAC
 * over values a caller picks, written into the file, would hand out MACs over forged line hashes.
 *
 * <p>Guarantees of an implementation: {@link #mac} never blocks on storage (the audit writer calls it for every
 * line); {@link #verify} compares in constant time.
 */
public interface ChainKey {
    /** No key, ever: lines carry no MAC (tests of the file format, and a trail opened without a server). */
    ChainKey NONE = new ChainKey() {
        @Override
        public Optional<String> mac(String hash) {
            return Optional.empty();
        }

        @Override
        public Optional<Boolean> verify(String hash, String mac) {
            return Optional.empty();
        }
    };

    /** The MAC of {@code hash} as lowercase hex, or empty while the key is not in memory. */
    Optional<String> mac(String hash);

    /** Whether {@code mac} is this key's MAC of {@code hash}; empty while the key is not in memory. */
    Optional<Boolean> verify(String hash, String mac);
}
