package dev.arca.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.arca.server.seal.Shamir;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@link Shamir}: splitting refuses exactly the documented arguments, and any {@code threshold} or more distinct
 * shares of a split recombine the secret, in any order; combining arbitrary byte strings gives some bytes or the
 * documented {@link IllegalArgumentException}, never anything else.
 */
class ShamirFuzzTest {
    /** Every byte has its own polynomial, so a few bytes test as much as a 32-byte key, and 255 shares stay fast. */
    private static final int MAX_SECRET_BYTES = 8;

    @FuzzTest
    void splitThenCombineAnyThresholdSubset_givesTheSecret_andGarbageIsRefusedCleanly(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            splitAndCombine(data);
        } else {
            combineGarbage(data);
        }
    }

    private static void splitAndCombine(FuzzedDataProvider data) {
        int shares = data.consumeInt(-1, 256);
        int threshold = data.consumeInt(-1, 256);
        byte[] secret = data.consumeBytes(MAX_SECRET_BYTES);
        if (secret.length == 0 || shares < 1 || shares > 255 || threshold < 1 || threshold > shares) {
            assertThatThrownBy(() -> Shamir.split(secret, shares, threshold))
                    .isInstanceOf(IllegalArgumentException.class);
            return;
        }
        List<byte[]> all = Shamir.split(secret, shares, threshold);
        assertThat(all).hasSize(shares);
        assertThat(all.stream().mapToInt(share -> share.length).distinct()).containsExactly(secret.length + 1);
        List<byte[]> subset = new ArrayList<>(all);
        // a fuzzer-chosen order and a fuzzer-chosen subset of at least threshold shares
        for (int i = subset.size() - 1; i > 0; i--) {
            Collections.swap(subset, i, data.consumeInt(0, i));
        }
        subset = subset.subList(0, data.consumeInt(threshold, shares));
        assertThat(Shamir.combine(subset)).isEqualTo(secret);
    }

    private static void combineGarbage(FuzzedDataProvider data) {
        List<byte[]> shares = new ArrayList<>();
        int count = data.consumeInt(0, 16);
        for (int i = 0; i < count; i++) {
            shares.add(data.consumeBytes(data.consumeInt(0, MAX_SECRET_BYTES + 1)));
        }
        try {
            assertThat(Shamir.combine(shares)).hasSize(shares.getFirst().length - 1);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
