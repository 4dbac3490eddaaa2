package dev.arca.server.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ErrorCode;
import dev.arca.api.GenerateRoot;
import dev.arca.api.SecretText;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A root token from a quorum of unseal keys, answered only XOR-ed with the starter's pad. */
class RootGenerationTest {
    private static final String TOKEN = "arca_" + "t".repeat(43);

    @TempDir
    Path dir;

    private Database db;
    private List<String> keys;
    private final AtomicInteger made = new AtomicInteger();
    private RootGeneration generation;
    private final String pad = Base64.getEncoder().encodeToString(new byte[GenerateRoot.OTP_BYTES]);

    @BeforeEach
    void init() {
        db = Database.open(StorageUrl.sqlite(dir.resolve("arca.db")));
        var seal = new SealService(db, "test");
        keys = seal.init(5, 3).unsealKeys();
        seal.unsealWith(keys.subList(0, 3));
        generation = new RootGeneration(seal, () -> {
            made.incrementAndGet();
            return SecretText.of(TOKEN);
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theThresholdOfKeys_makesOneToken_thatOnlyThePadDecodes() {
        byte[] random = new byte[GenerateRoot.OTP_BYTES];
        new java.security.SecureRandom().nextBytes(random);
        String otp = Base64.getEncoder().encodeToString(random);
        String nonce = generation.start(otp).nonce();
        generation.update(keys.get(4), nonce);
        assertThat(generation.update(keys.get(2), nonce).complete()).isFalse();
        GenerateRoot.Status done = generation.update(keys.get(0), nonce);

        assertThat(done.complete()).isTrue();
        assertThat(made).hasValue(1);
        String encoded = done.encodedToken().reveal();
        assertThat(new String(Base64.getDecoder().decode(encoded), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("arca_");
        assertThat(GenerateRoot.decode(encoded, otp).reveal()).isEqualTo(TOKEN);
        assertThat(generation.status().started()).isFalse();
    }

    @Test
    void badPadNonceOrKeys_makeNothing() {
        assertError(() -> generation.start(null), ErrorCode.INVALID_REQUEST);
        assertError(() -> generation.start(Base64.getEncoder().encodeToString(new byte[16])), ErrorCode.INVALID_REQUEST);
        assertError(() -> generation.update(keys.get(0), "genroot_x"), ErrorCode.NOT_FOUND);
        String nonce = generation.start(pad).nonce();
        assertError(() -> generation.start(pad), ErrorCode.CONFLICT);
        generation.update(keys.get(1), nonce);
        assertError(() -> generation.update(keys.get(1), nonce), ErrorCode.INVALID_REQUEST);
        assertError(() -> generation.update(keys.get(2), "genroot_other"), ErrorCode.INVALID_REQUEST);
        assertError(() -> generation.update("garbage", nonce), ErrorCode.INVALID_REQUEST);
        assertThat(generation.status().progress()).isEqualTo(1);

        generation.cancel();
        assertError(() -> generation.update(keys.get(2), nonce), ErrorCode.NOT_FOUND);
        assertThat(made).hasValue(0);
    }

    @Test
    void aPadShorterThanTheToken_doesNotDecode() {
        assertThatThrownBy(() -> GenerateRoot.decode(Base64.getEncoder().encodeToString(new byte[48]),
                Base64.getEncoder().encodeToString(new byte[8]))).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ArcaException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
