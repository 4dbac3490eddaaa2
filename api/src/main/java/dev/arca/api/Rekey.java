package dev.arca.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Rekeying the seal: new unseal keys (and a new share count or threshold) from a quorum of the current ones, under
 * {@code /v1/sys/rekey} (root). Like unsealing, the keys arrive one call at a time, each naming the rekey's
 * {@code nonce}, so two operators' rekeys cannot mix; the old keys stop working the moment the new ones are answered.
 */
public final class Rekey {
    private Rekey() {}

    /** {@code POST /v1/sys/rekey/init}: the new split; omitted parts keep the current one's. */
    public record Start(@Nullable Integer shares, @Nullable Integer threshold) {}

    /** {@code POST /v1/sys/rekey/update}: one current unseal key for the rekey {@code nonce} names. */
    public record Update(@Nullable SecretText key, @Nullable String nonce) {}

    /**
     * Where a rekey stands, and its outcome.
     *
     * @param started whether a rekey is in progress (false once complete or cancelled)
     * @param nonce the rekey's id, named by every update; null when none is in progress
     * @param shares the new number of unseal keys
     * @param threshold the new number of keys needed to unseal
     * @param progress how many valid, distinct current keys were given so far
     * @param required how many current keys the rekey needs (the current threshold)
     * @param keys the new unseal keys, once complete (shown once, never stored); empty before
     */
    public record Status(boolean started, @Nullable String nonce, int shares, int threshold, int progress,
            int required, boolean complete, List<SecretText> keys) {
        public Status {
            keys = List.copyOf(keys);
        }
    }
}
