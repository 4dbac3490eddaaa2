package dev.arca.server.frontend.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.server.error.ArcaException;
import org.junit.jupiter.api.Test;

/** An encoded '/' is refused in every path but the OCSP GET route's request, where it is a base64 digit. */
class RawPathTest {
    @Test
    void anEncodedSlash_isRefusedInASecretPath() {
        assertThatThrownBy(() -> RawPath.check("/v1/vaults/default/secrets/app%2Fdb"))
                .isInstanceOf(ArcaException.class).hasMessageContaining("%2F");
    }

    @Test
    void anEncodedSlash_isABase64DigitInAnOcspRequest() {
        assertThatCode(() -> RawPath.check("/v1/vaults/default/pki/ocsp/MEIwQDA%2BMDww%2FzT%3D"))
                .doesNotThrowAnyException();
    }

    @Test
    void theOcspExceptionCoversNeitherTheVaultSegmentNorOtherEscapes() {
        assertThatThrownBy(() -> RawPath.check("/v1/vaults/a%2Fb/pki/ocsp/MEIw")).isInstanceOf(ArcaException.class);
        assertThatThrownBy(() -> RawPath.check("/v1/vaults/default/pki/ocsp/ME%5CIw"))
                .isInstanceOf(ArcaException.class);
        assertThatThrownBy(() -> RawPath.check("/v1/vaults/default/pki/ocsp/ME%4"))
                .isInstanceOf(ArcaException.class);
        assertThatThrownBy(() -> RawPath.check("/v1/vaults/default/secrets/pki/ocsp/a%2Fb"))
                .isInstanceOf(ArcaException.class);
    }
}
