package dev.arca.server.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.arca.server.storage.Ids;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashes: Argon2id (Bouncy Castle) with the OWASP parameters (19 MiB, 2 passes, 1 lane), a random
 * 16-byte salt and a 32-byte hash, written as a PHC string {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}
 * so that stored hashes keep their own parameters when the defaults change. Verification recomputes with the
 * stored parameters and compares in constant time; {@link #verifyNothing} spends the same work when there is
 * no hash to check (an unknown user), so the answer's timing does not tell whether the user exists.
 */
final class PasswordHasher {
    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    /** Limits for parameters read back from storage, so a tampered row cannot make a login cost minutes. */
    private static final int MAX_MEMORY_KIB = 1 << 20;
    private static final int MAX_ITERATIONS = 16;
    private static final int MAX_PARALLELISM = 16;
    private static final Pattern PHC = Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,3})"
            + "\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{22,172})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    /** A hash of a random password, made once, for {@link #verifyNothing}. */
    private final String dummy;

    PasswordHasher() {
        this.dummy = hash(Base64.getEncoder().encodeToString(Ids.randomBytes(24)));
    }

    /** A new PHC string for {@code password}, with a fresh random salt. */
    String hash(String password) {
        byte[] salt = Ids.randomBytes(SALT_BYTES);
        byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        String phc = "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
        Arrays.fill(hash, (byte) 0);
        return phc;
    }

    /** Whether {@code password} matches {@code phc}; false for a string that is not an Argon2id PHC string. */
    boolean verify(String password, String phc) {
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) {
            return false;
        }
        int memory = Integer.parseInt(m.group(1));
        int iterations = Integer.parseInt(m.group(2));
        int parallelism = Integer.parseInt(m.group(3));
        if (parallelism < 1 || parallelism > MAX_PARALLELISM || iterations < 1 || iterations > MAX_ITERATIONS
                || memory < 8 * parallelism || memory > MAX_MEMORY_KIB) {
            return false;
        }
        byte[] expected = B64_DECODER.decode(m.group(5));
        byte[] actual = argon2(password, B64_DECODER.decode(m.group(4)), memory, iterations, parallelism,
                expected.length);
        boolean equal = MessageDigest.isEqual(expected, actual);
        Arrays.fill(actual, (byte) 0);
        return equal;
    }

    /** The work of {@link #verify} against a hash no password matches; always false. */
    boolean verifyNothing(String password) {
        verify(password, dummy);
        return false;
    }

    private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism,
            int length) {
        var parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        var generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[length];
        try {
            generator.generateBytes(secret, out);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        return out;
    }
}
