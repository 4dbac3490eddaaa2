package dev.arca.server.seal;

import java.util.List;

/**
 * What {@link SealService#init} hands back once: the unseal keys, which are stored nowhere and cannot be shown
 * again. {@link #toString()} shows how many there are, never the keys.
 *
 * @param unsealKeys base64 text of each share, in x-coordinate order
 * @param threshold how many of them open the seal
 */
public record InitResult(List<String> unsealKeys, int threshold) {
    public InitResult {
        unsealKeys = List.copyOf(unsealKeys);
    }

    @Override
    public String toString() {
        return "InitResult[" + unsealKeys.size() + " unseal keys (redacted), threshold " + threshold + "]";
    }
}
