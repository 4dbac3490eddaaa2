package dev.arca.server.transit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ErrorCode;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.api.TransitKey;
import dev.arca.api.Use;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import dev.arca.server.seal.SealService;
import dev.arca.server.secrets.SecretEvents;
import dev.arca.server.secrets.SecretService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import dev.arca.server.storage.TestDatabases;
import dev.arca.server.vaults.VaultService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Encrypt, decrypt and rewrap at the service level (what the transit routes call), on a real database with a
 * real seal; and concurrent rotations on SQLite and PostgreSQL (127.0.0.1:5432, skipped loudly when absent).
 */
class TransitServiceIT {
    private static final Principal ROOT = Principal.token("acc_root", "root", null, List.of(Principal.ROOT_POLICY));
    private static final String SECRET = "the plaintext only its owner sees";

    @TempDir
    Path dir;
    Database db;
    SecretService secrets;
    TransitService transit;

    private void open(String backend) {
        StorageUrl url;
        if (backend.equals("sqlite")) {
            url = StorageUrl.sqlite(dir.resolve("arca.db"));
        } else {
            Optional<String> postgres = TestDatabases.freshPostgres();
            Assumptions.assumeTrue(postgres.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
            url = StorageUrl.parse(postgres.get());
        }
        db = Database.open(url);
        var seal = new SealService(db, "test");
        seal.unseal(seal.init(1, 1).unsealKeys().getFirst());
        var vaults = new VaultService(db, seal, Clock.systemUTC());
        db.inTransaction(() -> vaults.create("default"));
        vaults.createProject("default", "app");
        secrets = new SecretService(db, vaults, seal, SecretEvents.NONE, Clock.systemUTC());
        transit = new TransitService(db, vaults, seal, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private Use.Ciphertext encrypt(String path, String plaintext, String context) {
        return transit.encrypt("default", path, new TransitKey.Encrypt(SecretText.of(b64(plaintext)), context));
    }

    private String decrypt(String path, String ciphertext, String context) {
        String plaintext = transit.decrypt("default", path, new TransitKey.Decrypt(ciphertext, context))
                .plaintext().reveal();
        return new String(Base64.getDecoder().decode(plaintext), StandardCharsets.UTF_8);
    }

    private void create(String path, String algorithm) {
        transit.create("default", path, new TransitKey.Create(algorithm, null), ROOT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aes256-gcm", "chacha20-poly1305"})
    void decrypt_givesBackWhatEncryptTook_withItsContext(String algorithm) {
        open("sqlite");
        create("app/k", algorithm);
        Use.Ciphertext ciphertext = encrypt("app/k", SECRET, b64("tenant-7"));
        assertThat(ciphertext.keyVersion()).isEqualTo(1);
        assertThat(ciphertext.ciphertext()).startsWith("arca:v1:").doesNotContain(b64(SECRET));
        assertThat(decrypt("app/k", ciphertext.ciphertext(), b64("tenant-7"))).isEqualTo(SECRET);
    }

    @Test
    void rewrap_movesAnOldCiphertextToTheLatestVersion() {
        open("sqlite");
        create("app/k", null);
        String v1 = encrypt("app/k", SECRET, null).ciphertext();
        transit.rotate("default", "app/k", ROOT);
        Use.Ciphertext rewrapped = transit.rewrap("default", "app/k", new TransitKey.Decrypt(v1, null));
        assertThat(rewrapped.keyVersion()).isEqualTo(2);
        assertThat(rewrapped.ciphertext()).startsWith("arca:v2:");
        assertThat(decrypt("app/k", rewrapped.ciphertext(), null)).isEqualTo(SECRET);
        assertThat(decrypt("app/k", v1, null)).isEqualTo(SECRET);
    }

    @Test
    void anotherKeysCiphertext_doesNotDecrypt_andSaysNothingMore() {
        open("sqlite");
        create("app/k", null);
        create("app/other", null);
        String ciphertext = encrypt("app/other", SECRET, null).ciphertext();
        assertInvalidCiphertext(() -> decrypt("app/k", ciphertext, null),
                "ciphertext does not decrypt with key app/k and this context");
    }

    @Test
    void anotherContext_doesNotDecrypt() {
        open("sqlite");
        create("app/k", null);
        String ciphertext = encrypt("app/k", SECRET, b64("tenant-7")).ciphertext();
        assertInvalidCiphertext(() -> decrypt("app/k", ciphertext, b64("tenant-8")),
                "ciphertext does not decrypt with key app/k and this context");
        assertInvalidCiphertext(() -> decrypt("app/k", ciphertext, null),
                "ciphertext does not decrypt with key app/k and this context");
    }

    @Test
    void belowTheMinimumVersion_isRefusedUntilTheMinimumIsLowered() {
        open("sqlite");
        create("app/k", null);
        String v1 = encrypt("app/k", SECRET, null).ciphertext();
        transit.rotate("default", "app/k", ROOT);
        transit.update("default", "app/k", new TransitKey.Update(2), ROOT);
        assertThatThrownBy(() -> decrypt("app/k", v1, null)).isInstanceOfSatisfying(ArcaException.class, e -> {
            assertThat(e.details()).containsEntry("field", "ciphertext");
            assertThat(e.getMessage()).contains("min_decryption_version").contains("(2)");
        });
        transit.update("default", "app/k", new TransitKey.Update(1), ROOT);
        assertThat(decrypt("app/k", v1, null)).isEqualTo(SECRET);
    }

    @Test
    void aVersionAboveTheLatest_is400() {
        open("sqlite");
        create("app/k", null);
        String v1 = encrypt("app/k", SECRET, null).ciphertext();
        assertInvalidCiphertext(() -> decrypt("app/k", v1.replace("arca:v1:", "arca:v2:"), null),
                "ciphertext names key version 2 but transit key app/k has versions 1 to 1");
    }

    @Test
    void plaintextOrContextNotBase64_is400NamingTheField() {
        open("sqlite");
        create("app/k", null);
        assertThatThrownBy(() -> transit.encrypt("default", "app/k",
                new TransitKey.Encrypt(SecretText.of("not base64!"), null)))
                .isInstanceOfSatisfying(ArcaException.class,
                        e -> assertThat(e.details()).containsEntry("field", "plaintext"));
        assertThatThrownBy(() -> transit.encrypt("default", "app/k",
                new TransitKey.Encrypt(SecretText.of(b64("x")), "%%")))
                .isInstanceOfSatisfying(ArcaException.class,
                        e -> assertThat(e.details()).containsEntry("field", "context"));
        assertThatThrownBy(() -> transit.encrypt("default", "app/k", new TransitKey.Encrypt(null, null)))
                .isInstanceOfSatisfying(ArcaException.class,
                        e -> assertThat(e.details()).containsEntry("field", "plaintext"));
    }

    @Test
    void aSecretIsNoTransitKey_toTheTransitEngine_404() {
        open("sqlite");
        secrets.put("default", "app/db", new Secret.Put(null, SecretText.of("hunter2"), null), ROOT);
        assertThatThrownBy(() -> encrypt("app/db", SECRET, null)).isInstanceOfSatisfying(ArcaException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.getMessage()).contains("no transit key at app/db");
        });
    }

    @Test
    void aMissingKey_is404() {
        open("sqlite");
        assertThatThrownBy(() -> encrypt("app/none", SECRET, null)).isInstanceOfSatisfying(ArcaException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void twoConcurrentRotations_bothAddAVersion(String backend) throws Exception {
        open(backend);
        create("app/k", null);
        List<String> outcomes = rotateConcurrently(2);
        assertThat(outcomes).containsOnly("ok");
        TransitKey key = transit.read("default", "app/k");
        assertThat(key.latestVersion()).isEqualTo(3);
        assertThat(key.versions()).extracting(TransitKey.Version::version).containsExactly(1, 2, 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void manyConcurrentRotations_neverLoseAVersion(String backend) throws Exception {
        open(backend);
        create("app/k", null);
        String v1 = encrypt("app/k", SECRET, null).ciphertext();
        List<String> outcomes = rotateConcurrently(8);
        long succeeded = outcomes.stream().filter("ok"::equals).count();
        assertThat(outcomes).allMatch(outcome -> outcome.equals("ok") || outcome.startsWith("conflict:"));
        assertThat(succeeded).isPositive();
        TransitKey key = transit.read("default", "app/k");
        assertThat(key.latestVersion()).isEqualTo(1 + (int) succeeded);
        assertThat(key.versions()).hasSize(1 + (int) succeeded);
        assertThat(decrypt("app/k", v1, null)).isEqualTo(SECRET);
        assertThat(decrypt("app/k", encrypt("app/k", SECRET, null).ciphertext(), null)).isEqualTo(SECRET);
    }

    private List<String> rotateConcurrently(int rotations) throws Exception {
        var start = new CountDownLatch(1);
        List<Future<String>> futures = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(rotations)) {
            for (int i = 0; i < rotations; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        transit.rotate("default", "app/k", ROOT);
                        return "ok";
                    } catch (ArcaException e) {
                        return e.code().wire() + ": " + e.getMessage();
                    }
                }));
            }
            start.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        }
    }

    private static void assertInvalidCiphertext(Runnable decryption, String message) {
        assertThatThrownBy(decryption::run).isInstanceOfSatisfying(ArcaException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(e.details()).containsEntry("field", "ciphertext");
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
