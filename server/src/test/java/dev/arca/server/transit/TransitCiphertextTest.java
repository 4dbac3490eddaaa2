package dev.arca.server.transit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransitCiphertextTest {
    @Test
    void format_isArcaVersionBase64() {
        var ciphertext = new TransitCiphertext(12, new byte[] {1, 2, 3, (byte) 0xff});
        assertThat(ciphertext.format()).isEqualTo("arca:v12:AQID/w==");
    }

    @Test
    void parse_readsBackWhatFormatWrote() {
        var ciphertext = new TransitCiphertext(3, new byte[] {9, 8, 7, 6, 5});
        assertThat(TransitCiphertext.parse(ciphertext.format())).isEqualTo(ciphertext);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "arca:v1:", "arca:v0:AQID", "arca:v01:AQID", "arca:1:AQID", "vault:v1:AQID",
            "arca:v1:AQ*D", "arca:v1:AQID===", "arca:v-1:AQID", "arca:vx:AQID", "arca:v1234567890:AQID",
            " arca:v1:AQID", "arca:v1:A"})
    void malformed_is400NamingCiphertext(String text) {
        assertThatThrownBy(() -> TransitCiphertext.parse(text))
                .isInstanceOfSatisfying(ArcaException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.details()).containsEntry("field", "ciphertext");
                });
    }

    @Test
    void missing_is400NamingCiphertext() {
        assertThatThrownBy(() -> TransitCiphertext.parse(null))
                .isInstanceOfSatisfying(ArcaException.class,
                        e -> assertThat(e.details()).containsEntry("field", "ciphertext"));
    }
}
