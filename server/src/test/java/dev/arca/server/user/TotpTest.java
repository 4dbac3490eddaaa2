package dev.arca.server.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {
    /** The SHA-1 seed of RFC 6238 Appendix B. */
    private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.ofEpochSecond(1_111_111_111L);

    @ParameterizedTest
    @CsvSource({
            "59, 94287082",
            "1111111109, 07081804",
            "1111111111, 14050471",
            "1234567890, 89005924",
            "2000000000, 69279037",
            "20000000000, 65353130"})
    void rfc6238Vectors_eightDigitsAndTheirSixDigitTruncation(long time, String expected) {
        long step = Totp.stepAt(Instant.ofEpochSecond(time));
        assertThat(Totp.code(SEED, step, 8)).isEqualTo(expected);
        assertThat(Totp.code(SEED, step, 6)).isEqualTo(expected.substring(2));
    }

    @Test
    void stepIsThirtySeconds() {
        assertThat(Totp.stepAt(Instant.ofEpochSecond(59))).isEqualTo(1);
        assertThat(Totp.stepAt(Instant.ofEpochSecond(60))).isEqualTo(2);
    }

    @Test
    void codesOfThePreviousCurrentAndNextStep_areAccepted() {
        long current = Totp.stepAt(NOW);
        for (long step = current - 1; step <= current + 1; step++) {
            assertThat(Totp.acceptedStep(SEED, Totp.code(SEED, step, 6), NOW, Long.MIN_VALUE))
                    .isEqualTo(OptionalLong.of(step));
        }
    }

    @Test
    void codesOutsideTheWindow_areRefused() {
        long current = Totp.stepAt(NOW);
        assertThat(Totp.acceptedStep(SEED, Totp.code(SEED, current - 2, 6), NOW, Long.MIN_VALUE)).isEmpty();
        assertThat(Totp.acceptedStep(SEED, Totp.code(SEED, current + 2, 6), NOW, Long.MIN_VALUE)).isEmpty();
    }

    @Test
    void replayedCode_isRefusedOnceItsStepWasAccepted() {
        long current = Totp.stepAt(NOW);
        String code = Totp.code(SEED, current, 6);
        assertThat(Totp.acceptedStep(SEED, code, NOW, current - 1)).isEqualTo(OptionalLong.of(current));
        assertThat(Totp.acceptedStep(SEED, code, NOW, current)).isEmpty();
        assertThat(Totp.acceptedStep(SEED, Totp.code(SEED, current - 1, 6), NOW, current)).isEmpty();
        assertThat(Totp.acceptedStep(SEED, Totp.code(SEED, current + 1, 6), NOW, current))
                .isEqualTo(OptionalLong.of(current + 1));
    }

    @Test
    void wrongMissingOrMalformedCodes_areRefused() {
        String right = Totp.code(SEED, Totp.stepAt(NOW), 6);
        String wrong = String.format("%06d", (Integer.parseInt(right) + 1) % 1_000_000);
        assertThat(Totp.acceptedStep(SEED, wrong, NOW, Long.MIN_VALUE)).isEmpty();
        assertThat(Totp.acceptedStep(SEED, null, NOW, Long.MIN_VALUE)).isEmpty();
        assertThat(Totp.acceptedStep(SEED, "", NOW, Long.MIN_VALUE)).isEmpty();
        assertThat(Totp.acceptedStep(SEED, " " + right, NOW, Long.MIN_VALUE)).isEmpty();
    }

    @Test
    void base32AndOtpauthUri_roundTripTheSecret() {
        String base32 = Totp.base32(SEED);
        assertThat(base32).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Base32.decode(base32)).isEqualTo(SEED);
        assertThat(Totp.otpauthUri("alice", SEED))
                .isEqualTo("otpauth://totp/Arca:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Arca");
    }
}
