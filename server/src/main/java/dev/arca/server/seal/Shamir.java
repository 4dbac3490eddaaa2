package dev.arca.server.seal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shamir's secret sharing over GF(2^8) with the AES field polynomial x^8 + x^4 + x^3 + x + 1 (0x11b).
 *
 * <p>Guarantees: any {@code threshold} distinct shares of a split give back the secret; fewer reveal nothing
 * about it, because every byte of the secret is the constant term of its own polynomial whose other
 * coefficients come from {@link SecureRandom}. Field arithmetic runs in constant time (a fixed bit loop, no
 * table indexed by secret data). A share is one byte x-coordinate (1..255) followed by one y byte per secret
 * byte. Combining shares that are too few, or that come from different splits, cannot be detected here: it
 * yields a wrong secret, which the caller must check (the seal does, with its root key check).
 *
 * <p>This is the one primitive DESIGN §9 allows to be written by hand; everything else is Tink.
 */
public final class Shamir {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_SHARES = 255;

    private Shamir() {}

    /**
     * Splits {@code secret} into {@code shares} shares of which any {@code threshold} recombine it.
     *
     * @throws IllegalArgumentException unless {@code 1 <= threshold <= shares <= 255} and the secret is not empty
     */
    public static List<byte[]> split(byte[] secret, int shares, int threshold) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("the secret to split is empty");
        }
        if (shares < 1 || shares > MAX_SHARES) {
            throw new IllegalArgumentException("shares must be between 1 and 255, got " + shares);
        }
        if (threshold < 1 || threshold > shares) {
            throw new IllegalArgumentException("threshold must be between 1 and shares (" + shares + "), got " + threshold);
        }
        List<byte[]> result = new ArrayList<>(shares);
        for (int i = 0; i < shares; i++) {
            byte[] share = new byte[secret.length + 1];
            share[0] = (byte) (i + 1);
            result.add(share);
        }
        byte[] coefficients = new byte[threshold];
        try {
            for (int b = 0; b < secret.length; b++) {
                RANDOM.nextBytes(coefficients);
                coefficients[0] = secret[b];
                for (byte[] share : result) {
                    share[b + 1] = (byte) evaluate(coefficients, share[0] & 0xff);
                }
            }
        } finally {
            Arrays.fill(coefficients, (byte) 0);
        }
        return result;
    }

    /**
     * Recombines the secret from shares made by {@link #split}: Lagrange interpolation at x = 0.
     *
     * @throws IllegalArgumentException if there are no shares, a share is shorter than 2 bytes, the shares
     *     differ in length, an x-coordinate is 0, or two shares have the same x-coordinate
     */
    public static byte[] combine(List<byte[]> shares) {
        if (shares.isEmpty()) {
            throw new IllegalArgumentException("no shares to combine");
        }
        int length = shares.getFirst().length;
        if (length < 2) {
            throw new IllegalArgumentException("a share has an x-coordinate and at least one byte of y");
        }
        boolean[] seen = new boolean[256];
        for (byte[] share : shares) {
            if (share.length != length) {
                throw new IllegalArgumentException("the shares differ in length; they do not come from one split");
            }
            int x = share[0] & 0xff;
            if (x == 0) {
                throw new IllegalArgumentException("a share has x-coordinate 0, which no split produces");
            }
            if (seen[x]) {
                throw new IllegalArgumentException("two shares have the same x-coordinate " + x);
            }
            seen[x] = true;
        }
        byte[] secret = new byte[length - 1];
        for (int i = 0; i < shares.size(); i++) {
            int basis = lagrangeBasisAtZero(shares, i);
            byte[] share = shares.get(i);
            for (int b = 0; b < secret.length; b++) {
                secret[b] ^= (byte) multiply(share[b + 1] & 0xff, basis);
            }
        }
        return secret;
    }

    /** l_i(0) = prod over j != i of x_j / (x_j - x_i); subtraction is XOR in GF(2^8). */
    private static int lagrangeBasisAtZero(List<byte[]> shares, int i) {
        int xi = shares.get(i)[0] & 0xff;
        int numerator = 1;
        int denominator = 1;
        for (int j = 0; j < shares.size(); j++) {
            if (j != i) {
                int xj = shares.get(j)[0] & 0xff;
                numerator = multiply(numerator, xj);
                denominator = multiply(denominator, xj ^ xi);
            }
        }
        return multiply(numerator, inverse(denominator));
    }

    /** Horner's rule: coefficients[0] + coefficients[1]·x + … */
    private static int evaluate(byte[] coefficients, int x) {
        int y = 0;
        for (int k = coefficients.length - 1; k >= 0; k--) {
            y = multiply(y, x) ^ (coefficients[k] & 0xff);
        }
        return y;
    }

    /** Product in GF(2^8) mod 0x11b, in constant time: eight rounds, masks instead of branches. */
    static int multiply(int a, int b) {
        int product = 0;
        for (int round = 0; round < 8; round++) {
            product ^= -(b & 1) & a;
            b >>>= 1;
            int carry = -((a >>> 7) & 1);
            a = ((a << 1) ^ (carry & 0x11b)) & 0xff;
        }
        return product;
    }

    /** Multiplicative inverse as a^254 (Fermat), a fixed chain of squarings and products; inverse(0) is 0. */
    static int inverse(int a) {
        int a2 = multiply(a, a);
        int a3 = multiply(a2, a);
        int a6 = multiply(a3, a3);
        int a12 = multiply(a6, a6);
        int a15 = multiply(a12, a3);
        int a30 = multiply(a15, a15);
        int a60 = multiply(a30, a30);
        int a120 = multiply(a60, a60);
        int a127 = multiply(a120, multiply(a6, a));
        return multiply(a127, a127);
    }
}
