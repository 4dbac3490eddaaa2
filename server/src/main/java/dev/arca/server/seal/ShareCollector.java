package dev.arca.server.seal;

import dev.arca.server.error.ArcaException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Unseal keys given one call at a time towards a threshold, for an unseal or a rekey (each has its own): only keys
 * of the current seal, each once. The shares are zeroed when recombined or forgotten. Not thread-safe:
 * {@link SealService} guards every collector with its lock.
 */
final class ShareCollector {
    private final String purpose;
    private final List<byte[]> shares = new ArrayList<>();
    private final List<Integer> indexes = new ArrayList<>();

    /** @param purpose what the keys are given for, in refusals: {@code unseal}, {@code rekey} */
    ShareCollector(String purpose) {
        this.purpose = purpose;
    }

    int size() {
        return shares.size();
    }

    /**
     * Adds the key in {@code text}; 400 (field {@code key}) for a malformed key, one of another seal or one already
     * given, and then the progress is unchanged. The message never repeats the key.
     */
    void accept(SealConfig current, String text, int shareBytes) {
        String progress = purpose + " progress unchanged (" + shares.size() + "/" + current.threshold() + ")";
        byte[] share = UnsealKeys.decode(text, shareBytes, progress);
        int index = current.indexOf(UnsealKeys.digest(share));
        if (index < 0 || indexes.contains(index)) {
            Arrays.fill(share, (byte) 0);
            throw ArcaException.invalid("key", (index < 0 ? "this unseal key does not belong to this vault's seal"
                    : "this unseal key was already provided") + "; " + progress);
        }
        shares.add(share);
        indexes.add(index);
    }

    /** The root key the keys given recombine into; the keys are zeroed and forgotten. */
    byte[] recombine() {
        try {
            return Shamir.combine(shares);
        } finally {
            forget();
        }
    }

    void forget() {
        shares.forEach(share -> Arrays.fill(share, (byte) 0));
        shares.clear();
        indexes.clear();
    }
}
