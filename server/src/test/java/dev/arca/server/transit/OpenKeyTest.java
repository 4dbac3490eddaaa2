package dev.arca.server.transit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Encrypting and decrypting with an opened transit key: the ciphertext format and what it is bound to. */
class OpenKeyTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final byte[] PLAINTEXT = "card 4111 1111 1111 1111".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONTEXT = "tenant-7".getBytes(StandardCharsets.UTF_8);
    private static final KeyMaterialRef REF = new KeyMaterialRef("sk_one", "vault_1", "app/k", 1);

    @ParameterizedTest
    @EnumSource(TransitAlgorithm.class)
    void decrypt_givesBackWhatEncryptTook(TransitAlgorithm algorithm) {
        OpenKey key = OpenKey.open(REF, KeyDocument.create(algorithm, false, T0));
        TransitCiphertext ciphertext = key.encrypt(PLAINTEXT, CONTEXT);
        assertThat(ciphertext.version()).isEqualTo(1);
        assertThat(ciphertext.format()).startsWith("arca:v1:");
        assertThat(key.decrypt(TransitCiphertext.parse(ciphertext.format()), CONTEXT)).isEqualTo(PLAINTEXT);
    }

    @Test
    void ciphertext_isNonceCiphertextTag_boundToSecretIdVersionAndContext() throws Exception {
        KeyDocument document = KeyDocument.create(TransitAlgorithm.AES256_GCM, true, T0);
        TransitCiphertext ciphertext = OpenKey.open(REF, document).encrypt(PLAINTEXT, CONTEXT);
        byte[] body = ciphertext.body();
        assertThat(body).hasSize(12 + PLAINTEXT.length + 16);
        // the JDK's own AES-GCM, the documented associated data and the raw key decrypt it: no hidden prefix
        var aad = new ByteArrayOutputStream();
        aad.writeBytes("arca/transit/v1\0sk_one\0001\0".getBytes(StandardCharsets.UTF_8));
        aad.writeBytes(CONTEXT);
        byte[] raw = TransitAlgorithm.rawKey(document.version(1).handle().getPrimary().getKey());
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(raw, "AES"),
                new GCMParameterSpec(128, Arrays.copyOf(body, 12)));
        cipher.updateAAD(aad.toByteArray());
        assertThat(cipher.doFinal(body, 12, body.length - 12)).isEqualTo(PLAINTEXT);
    }

    @Test
    void anotherContext_doesNotDecrypt() {
        OpenKey key = OpenKey.open(REF, KeyDocument.create(TransitAlgorithm.AES256_GCM, false, T0));
        TransitCiphertext ciphertext = key.encrypt(PLAINTEXT, CONTEXT);
        assertDoesNotDecrypt(() -> key.decrypt(ciphertext, "tenant-8".getBytes(StandardCharsets.UTF_8)));
        assertDoesNotDecrypt(() -> key.decrypt(ciphertext, new byte[0]));
    }

    @Test
    void sameKeyUnderAnotherSecretId_doesNotDecrypt() {
        KeyDocument document = KeyDocument.create(TransitAlgorithm.AES256_GCM, false, T0);
        TransitCiphertext ciphertext = OpenKey.open(REF, document).encrypt(PLAINTEXT, CONTEXT);
        OpenKey copied = OpenKey.open(new KeyMaterialRef("sk_two", "vault_1", "app/k", 1), document);
        assertDoesNotDecrypt(() -> copied.decrypt(ciphertext, CONTEXT));
    }

    @Test
    void alteredCiphertext_doesNotDecrypt() {
        OpenKey key = OpenKey.open(REF, KeyDocument.create(TransitAlgorithm.CHACHA20_POLY1305, false, T0));
        byte[] body = key.encrypt(PLAINTEXT, CONTEXT).body();
        body[body.length - 1] ^= 1;
        assertDoesNotDecrypt(() -> key.decrypt(new TransitCiphertext(1, body), CONTEXT));
    }

    @Test
    void ciphertextRelabelledWithAnotherVersion_doesNotDecrypt() {
        OpenKey key = OpenKey.open(REF, KeyDocument.create(TransitAlgorithm.AES256_GCM, false, T0).rotated(T0));
        TransitCiphertext latest = key.encrypt(PLAINTEXT, CONTEXT);
        assertThat(latest.version()).isEqualTo(2);
        assertDoesNotDecrypt(() -> key.decrypt(new TransitCiphertext(1, latest.body()), CONTEXT));
    }

    @Test
    void versionAboveLatest_is400NamingCiphertext() {
        OpenKey key = OpenKey.open(REF, KeyDocument.create(TransitAlgorithm.AES256_GCM, false, T0));
        TransitCiphertext ciphertext = key.encrypt(PLAINTEXT, CONTEXT);
        assertThatThrownBy(() -> key.decrypt(new TransitCiphertext(2, ciphertext.body()), CONTEXT))
                .isInstanceOfSatisfying(ArcaException.class, e -> {
                    assertThat(e.details()).containsEntry("field", "ciphertext");
                    assertThat(e.getMessage()).contains("version 2");
                });
    }

    @Test
    void versionBelowMinimum_is400NamingTheMinimum() {
        KeyDocument rotated = KeyDocument.create(TransitAlgorithm.AES256_GCM, false, T0).rotated(T0);
        TransitCiphertext old = OpenKey.open(REF, rotated).encrypt(PLAINTEXT, CONTEXT);
        TransitCiphertext v1 = new TransitCiphertext(1, OpenKey.open(REF,
                new KeyDocument(rotated.algorithm(), false, 1, rotated.keys().subList(0, 1))).encrypt(PLAINTEXT,
                CONTEXT).body());
        OpenKey raised = OpenKey.open(REF, rotated.withMinDecryptionVersion(2));
        assertThat(raised.decrypt(old, CONTEXT)).isEqualTo(PLAINTEXT);
        assertThatThrownBy(() -> raised.decrypt(v1, CONTEXT))
                .isInstanceOfSatisfying(ArcaException.class, e -> {
                    assertThat(e.details()).containsEntry("field", "ciphertext");
                    assertThat(e.getMessage()).contains("min_decryption_version").contains("(2)");
                });
    }

    private static void assertDoesNotDecrypt(Runnable decryption) {
        assertThatThrownBy(decryption::run).isInstanceOfSatisfying(ArcaException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(e.details()).containsEntry("field", "ciphertext");
            assertThat(e.getMessage()).isEqualTo("ciphertext does not decrypt with key app/k and this context");
        });
    }
}
