package dev.arca.server.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashThenVerify_acceptsTheSamePassword() {
        String phc = hasher.hash("correct horse battery staple");
        assertThat(hasher.verify("correct horse battery staple", phc)).isTrue();
    }

    @Test
    void wrongPassword_isRefused() {
        String phc = hasher.hash("correct horse battery staple");
        assertThat(hasher.verify("correct horse battery stapler", phc)).isFalse();
        assertThat(hasher.verify("", phc)).isFalse();
    }

    @Test
    void hash_isAPhcStringWithTheOwaspParameters() {
        String phc = hasher.hash("correct horse battery staple");
        String[] parts = phc.split("\\$");
        assertThat(parts).hasSize(6);
        assertThat(parts[1]).isEqualTo("argon2id");
        assertThat(parts[2]).isEqualTo("v=19");
        assertThat(parts[3]).isEqualTo("m=19456,t=2,p=1");
        assertThat(Base64.getDecoder().decode(parts[4])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[5])).hasSize(32);
        assertThat(parts[4]).doesNotEndWith("=");
    }

    @Test
    void samePasswordTwice_getsDifferentSaltsAndHashes() {
        String first = hasher.hash("correct horse battery staple");
        String second = hasher.hash("correct horse battery staple");
        assertThat(first.split("\\$")[4]).isNotEqualTo(second.split("\\$")[4]);
        assertThat(first.split("\\$")[5]).isNotEqualTo(second.split("\\$")[5]);
    }

    @Test
    void storedHashWithOtherParameters_isVerifiedWithItsOwnParameters() {
        byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);
        byte[] hash = new byte[32];
        var generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(4096).withIterations(3)
                .withParallelism(2).withSalt(salt).build());
        generator.generateBytes("an older password".getBytes(StandardCharsets.UTF_8), hash);
        var b64 = Base64.getEncoder().withoutPadding();
        String phc = "$argon2id$v=19$m=4096,t=3,p=2$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);

        assertThat(hasher.verify("an older password", phc)).isTrue();
        assertThat(hasher.verify("another password", phc)).isFalse();
    }

    @Test
    void malformedOrForeignHashes_neverMatch() {
        String phc = hasher.hash("correct horse battery staple");
        assertThat(hasher.verify("correct horse battery staple", phc.replace("argon2id", "argon2i"))).isFalse();
        assertThat(hasher.verify("correct horse battery staple", phc.replace("m=19456", "m=99999999"))).isFalse();
        assertThat(hasher.verify("correct horse battery staple", "")).isFalse();
        assertThat(hasher.verify("correct horse battery staple", "plain text")).isFalse();
    }

    @Test
    void verifyNothing_isAlwaysFalse() {
        assertThat(hasher.verifyNothing("correct horse battery staple")).isFalse();
    }
}
