package dev.arca.server.transit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.server.error.ArcaException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The key document a transit key's secret value holds. */
class KeyDocumentTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2030-02-01T00:00:00Z");

    @ParameterizedTest
    @EnumSource(TransitAlgorithm.class)
    void create_makesVersionOneHoldingAKeysetOfOneKey(TransitAlgorithm algorithm) {
        KeyDocument document = KeyDocument.create(algorithm, false, T0);
        assertThat(document.algorithm()).isEqualTo(algorithm.wire());
        assertThat(document.latestVersion()).isEqualTo(1);
        assertThat(document.minDecryptionVersion()).isEqualTo(1);
        assertThat(document.version(1).createdAt()).isEqualTo(T0);
        assertThat(document.version(1).handle().size()).isEqualTo(1);
        assertThat(document.version(1).handle().getPrimary().getKey().getParameters())
                .isEqualTo(algorithm.parameters());
    }

    @Test
    void rotated_addsANewKeyAndKeepsTheOldOnes() {
        KeyDocument first = KeyDocument.create(TransitAlgorithm.AES256_GCM, false, T0);
        KeyDocument rotated = first.rotated(T1);
        assertThat(rotated.latestVersion()).isEqualTo(2);
        assertThat(rotated.version(1)).isEqualTo(first.version(1));
        assertThat(rotated.version(2).createdAt()).isEqualTo(T1);
        assertThat(rotated.version(2).keyset()).isNotEqualTo(first.version(1).keyset());
    }

    @Test
    void json_roundTripsTheWholeDocument() {
        KeyDocument document = KeyDocument.create(TransitAlgorithm.CHACHA20_POLY1305, true, T0).rotated(T1)
                .withMinDecryptionVersion(2);
        String json = document.toJson();
        assertThat(json).contains("\"algorithm\":\"chacha20-poly1305\"", "\"exportable\":true",
                "\"min_decryption_version\":2", "\"keys\":[{\"version\":1,");
        assertThat(KeyDocument.parse(json)).isEqualTo(document);
    }

    @Test
    void toString_showsNoKeyset() {
        KeyDocument document = KeyDocument.create(TransitAlgorithm.AES256_GCM, false, T0);
        assertThat(document.toString()).doesNotContain(document.version(1).keyset());
        assertThat(document.version(1).toString()).doesNotContain(document.version(1).keyset());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, -1})
    void minDecryptionVersionOutsideOneToLatest_is400(int minimum) {
        KeyDocument document = KeyDocument.create(TransitAlgorithm.AES256_GCM, false, T0).rotated(T1);
        assertThatThrownBy(() -> document.withMinDecryptionVersion(minimum))
                .isInstanceOfSatisfying(ArcaException.class,
                        e -> assertThat(e.details()).containsEntry("field", "min_decryption_version"));
    }

    @Test
    void missingMinDecryptionVersion_is400() {
        KeyDocument document = KeyDocument.create(TransitAlgorithm.AES256_GCM, false, T0);
        assertThatThrownBy(() -> document.withMinDecryptionVersion(null))
                .isInstanceOfSatisfying(ArcaException.class,
                        e -> assertThat(e.details()).containsEntry("field", "min_decryption_version"));
    }

    @Test
    void unknownAlgorithm_is400NamingAlgorithm() {
        assertThatThrownBy(() -> TransitAlgorithm.of("aes128-gcm"))
                .isInstanceOfSatisfying(ArcaException.class,
                        e -> assertThat(e.details()).containsEntry("field", "algorithm"));
        assertThat(TransitAlgorithm.of(null)).isEqualTo(TransitAlgorithm.AES256_GCM);
    }
}
