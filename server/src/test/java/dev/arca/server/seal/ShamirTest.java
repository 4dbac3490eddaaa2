package dev.arca.server.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShamirTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void multiply_matchesAesFieldKnownAnswers() {
        // FIPS-197 §4.2: {57}·{83} = {c1}, {57}·{13} = {fe}
        assertThat(Shamir.multiply(0x57, 0x83)).isEqualTo(0xc1);
        assertThat(Shamir.multiply(0x57, 0x13)).isEqualTo(0xfe);
        assertThat(Shamir.multiply(0x83, 0x57)).isEqualTo(0xc1);
        assertThat(Shamir.multiply(0x57, 0x02)).isEqualTo(0xae);
        assertThat(Shamir.multiply(0xae, 0x02)).isEqualTo(0x47);
        assertThat(Shamir.multiply(0x80, 0x02)).isEqualTo(0x1b);
        assertThat(Shamir.multiply(0xff, 0x00)).isZero();
        assertThat(Shamir.multiply(0xff, 0x01)).isEqualTo(0xff);
    }

    @Test
    void inverse_matchesKnownAnswersAndInvertsEveryNonZeroElement() {
        // FIPS-197 §4.4 / AES S-box construction: {53}^-1 = {ca}
        assertThat(Shamir.inverse(0x53)).isEqualTo(0xca);
        assertThat(Shamir.inverse(0x01)).isEqualTo(0x01);
        assertThat(Shamir.inverse(0x00)).isZero();
        for (int a = 1; a < 256; a++) {
            assertThat(Shamir.multiply(a, Shamir.inverse(a))).as("a=%d", a).isEqualTo(1);
        }
    }

    @Test
    void everyThreeOfFiveSubset_recombinesTheSecret() {
        byte[] secret = random(32);
        List<byte[]> shares = Shamir.split(secret, 5, 3);
        int subsets = 0;
        for (int i = 0; i < 5; i++) {
            for (int j = i + 1; j < 5; j++) {
                for (int k = j + 1; k < 5; k++) {
                    assertThat(Shamir.combine(List.of(shares.get(i), shares.get(j), shares.get(k)))).isEqualTo(secret);
                    subsets++;
                }
            }
        }
        assertThat(subsets).isEqualTo(10);
        assertThat(Shamir.combine(shares)).as("all five").isEqualTo(secret);
    }

    @Test
    void twoOfFive_doNotGiveTheSecret() {
        byte[] secret = random(32);
        List<byte[]> shares = Shamir.split(secret, 5, 3);
        for (int i = 0; i < 5; i++) {
            for (int j = i + 1; j < 5; j++) {
                assertThat(Shamir.combine(List.of(shares.get(i), shares.get(j)))).isNotEqualTo(secret);
            }
        }
    }

    @Test
    void shares_haveDistinctNonZeroXAndOneYBytePerSecretByte() {
        List<byte[]> shares = Shamir.split(random(32), 255, 2);
        boolean[] seen = new boolean[256];
        for (byte[] share : shares) {
            int x = share[0] & 0xff;
            assertThat(share).hasSize(33);
            assertThat(x).isBetween(1, 255);
            assertThat(seen[x]).isFalse();
            seen[x] = true;
        }
    }

    @Test
    void randomSplits_roundTrip() {
        for (int round = 0; round < 200; round++) {
            int shares = 1 + RANDOM.nextInt(20);
            int threshold = 1 + RANDOM.nextInt(shares);
            byte[] secret = random(1 + RANDOM.nextInt(64));
            List<byte[]> all = new ArrayList<>(Shamir.split(secret, shares, threshold));
            java.util.Collections.shuffle(all, RANDOM);
            assertThat(Shamir.combine(all.subList(0, threshold))).isEqualTo(secret);
        }
    }

    @Test
    void thresholdOne_everyShareAloneIsTheSecret() {
        byte[] secret = random(32);
        for (byte[] share : Shamir.split(secret, 3, 1)) {
            assertThat(Shamir.combine(List.of(share))).isEqualTo(secret);
        }
    }

    @Test
    void split_rejectsOutOfRangeParameters() {
        byte[] secret = random(32);
        assertThatThrownBy(() -> Shamir.split(secret, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shamir.split(secret, 256, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shamir.split(secret, 5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shamir.split(secret, 3, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shamir.split(new byte[0], 5, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void combine_rejectsDuplicateXDifferentLengthsAndEmptyInput() {
        List<byte[]> shares = Shamir.split(random(32), 5, 3);
        assertThatThrownBy(() -> Shamir.combine(List.of(shares.get(0), shares.get(0).clone(), shares.get(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same x-coordinate");
        byte[] shorter = java.util.Arrays.copyOf(shares.get(2), 20);
        assertThatThrownBy(() -> Shamir.combine(List.of(shares.get(0), shares.get(1), shorter)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> Shamir.combine(List.of())).isInstanceOf(IllegalArgumentException.class);
        byte[] zeroX = shares.get(3).clone();
        zeroX[0] = 0;
        assertThatThrownBy(() -> Shamir.combine(List.of(zeroX))).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
