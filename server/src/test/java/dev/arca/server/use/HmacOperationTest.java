package dev.arca.server.use;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.api.Use;
import dev.arca.server.error.ArcaException;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HmacOperationTest {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
    private static final Secret JEFE = new Secret("sk_1", "app/hmac", 1, "string", SecretText.of("Jefe"), null, null);
    private static final String DATA = "what do ya want for nothing?";

    private static Use.Request request(String algorithm, String data, String encoding, String signature) {
        return new Use.Request(Use.SIGN, null, null, null, null, null, null, null, algorithm, data, encoding,
                signature, null, null, null, null);
    }

    private static String hex(String base64) {
        return HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
    }

    @Test
    void sign_matchesTheRfc4231Vectors() {
        assertThat(hex(HmacOperation.sign(JEFE, request("hmac-sha256", DATA, null, null)).signature()))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertThat(hex(HmacOperation.sign(JEFE, request("hmac-sha512", DATA, null, null)).signature()))
                .isEqualTo("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65"
                        + "f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
        String asBase64 = Base64.getEncoder().encodeToString(DATA.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(HmacOperation.sign(JEFE, request("hmac-sha256", asBase64, "base64", null)))
                .isEqualTo(HmacOperation.sign(JEFE, request("hmac-sha256", DATA, "utf8", null)));
    }

    @Test
    void verify_acceptsTheSignatureAndRefusesAnyOther() {
        String signature = HmacOperation.sign(JEFE, request("hmac-sha384", DATA, null, null)).signature();
        assertThat(HmacOperation.verify(JEFE, request("hmac-sha384", DATA, null, signature)).valid()).isTrue();
        assertThat(HmacOperation.verify(JEFE, request("hmac-sha384", DATA + "!", null, signature)).valid()).isFalse();
        assertThat(HmacOperation.verify(JEFE, request("hmac-sha256", DATA, null, signature)).valid()).isFalse();
    }

    @Test
    void badInput_is400NamingTheField() {
        assertThatThrownBy(() -> HmacOperation.sign(JEFE, request("md5", DATA, null, null)))
                .isInstanceOf(ArcaException.class).hasMessageContaining("algorithm");
        assertThatThrownBy(() -> HmacOperation.sign(JEFE, request("hmac-sha256", null, null, null)))
                .hasMessageContaining("data is required");
        assertThatThrownBy(() -> HmacOperation.sign(JEFE, request("hmac-sha256", "@@", "base64", null)))
                .hasMessageContaining("not base64");
        assertThatThrownBy(() -> HmacOperation.sign(JEFE, request("hmac-sha256", "x", "hex", null)))
                .hasMessageContaining("encoding");
        assertThatThrownBy(() -> HmacOperation.verify(JEFE, request("hmac-sha256", "x", null, "%%")))
                .hasMessageContaining("signature must be base64");
    }
}
