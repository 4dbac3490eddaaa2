package dev.arca.server.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ErrorCode;
import dev.arca.api.SealStatus;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealServiceTest {
    private static final String VERSION = "0.1.0-test";

    @TempDir
    Path dir;

    private final List<Database> opened = new ArrayList<>();
    private Database db;
    private SealService seal;

    @BeforeEach
    void openDatabase() {
        db = open("arca.db");
        seal = new SealService(db, VERSION);
    }

    @AfterEach
    void closeDatabases() {
        opened.forEach(Database::close);
    }

    @Test
    void freshDatabase_isUninitializedAndSealed() {
        assertThat(seal.status()).isEqualTo(new SealStatus(false, true, 0, 0, 0, VERSION));
        assertThat(seal.isInitialized()).isFalse();
        assertThat(seal.isSealed()).isTrue();
        assertError(() -> seal.keyring(), ErrorCode.NOT_INITIALIZED);
        assertError(() -> seal.unseal("anything"), ErrorCode.NOT_INITIALIZED);
    }

    @Test
    void init_returnsKeysAndLeavesServerSealed() {
        InitResult result = seal.init(5, 3);

        assertThat(result.unsealKeys()).hasSize(5).doesNotHaveDuplicates()
                .allSatisfy(key -> assertThat(key).hasSize(44));
        assertThat(result.threshold()).isEqualTo(3);
        assertThat(seal.status()).isEqualTo(new SealStatus(true, true, 5, 3, 0, VERSION));
        assertError(() -> seal.keyring(), ErrorCode.SEALED);
    }

    @Test
    void initResult_toStringHidesTheKeys() {
        InitResult result = seal.init(3, 2);

        assertThat(result.toString()).contains("redacted");
        result.unsealKeys().forEach(key -> assertThat(result.toString()).doesNotContain(key));
    }

    @Test
    void anyThreeOfFiveKeys_unseal() {
        List<String> keys = seal.init(5, 3).unsealKeys();
        for (int i = 0; i < 5; i++) {
            for (int j = i + 1; j < 5; j++) {
                for (int k = j + 1; k < 5; k++) {
                    assertThat(seal.unseal(keys.get(i)).progress()).isEqualTo(1);
                    assertThat(seal.unseal(keys.get(j)).progress()).isEqualTo(2);
                    SealStatus status = seal.unseal(keys.get(k));

                    assertThat(status).isEqualTo(new SealStatus(true, false, 5, 3, 0, VERSION));
                    assertThat(seal.isSealed()).isFalse();
                    assertThat(seal.keyring()).isNotNull();
                    seal.seal();
                }
            }
        }
    }

    @Test
    void restart_comesUpSealedAndUnsealsWithOtherKeys() {
        List<String> keys = seal.init(5, 3).unsealKeys();
        seal.unsealWith(keys.subList(0, 3));
        seal.keyring().createVaultKey("vault_restart");
        byte[] ciphertext = seal.keyring().encrypt("vault_restart", utf8("kept"), utf8("ad"));
        db.close();

        Database reopened = open("arca.db");
        var restarted = new SealService(reopened, VERSION);

        assertThat(restarted.status()).isEqualTo(new SealStatus(true, true, 5, 3, 0, VERSION));
        assertError(() -> restarted.keyring(), ErrorCode.SEALED);
        restarted.unsealWith(keys.subList(2, 5));
        assertThat(restarted.isSealed()).isFalse();
        assertThat(restarted.keyring().decrypt("vault_restart", ciphertext, utf8("ad"))).isEqualTo(utf8("kept"));
    }

    @Test
    void wrongKey_leavesProgressUnchanged() {
        List<String> keys = seal.init(5, 3).unsealKeys();
        var otherSeal = new SealService(open("other.db"), VERSION);
        String otherKey = otherSeal.init(5, 3).unsealKeys().getFirst();
        seal.unseal(keys.get(0));

        assertThatThrownBy(() -> seal.unseal(otherKey))
                .isInstanceOfSatisfying(ArcaException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.details()).containsEntry("field", "key");
                    assertThat(e.getMessage()).contains("does not belong to this vault's seal")
                            .contains("progress unchanged (1/3)")
                            .doesNotContain(otherKey);
                });
        assertThat(seal.status().progress()).isEqualTo(1);
        seal.unseal(keys.get(1));
        assertThat(seal.unseal(keys.get(2)).sealed()).isFalse();
    }

    @Test
    void garbageKey_leavesProgressUnchanged() {
        List<String> keys = seal.init(5, 3).unsealKeys();
        seal.unseal(keys.get(4));
        String truncated = keys.get(0).substring(0, 40);

        for (String garbage : new String[] {"not base64 at all!", "", "   ", truncated,
                Base64.getEncoder().encodeToString(new byte[64])}) {
            assertThatThrownBy(() -> seal.unseal(garbage))
                    .isInstanceOfSatisfying(ArcaException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                        assertThat(e.getMessage()).contains("not an unseal key").contains("progress unchanged (1/3)");
                    });
        }
        assertError(() -> seal.unseal(null), ErrorCode.INVALID_REQUEST);
        assertThat(seal.status().progress()).isEqualTo(1);
    }

    @Test
    void duplicateKey_isRefusedAndLeavesProgressUnchanged() {
        List<String> keys = seal.init(5, 3).unsealKeys();
        seal.unseal(keys.get(0));
        seal.unseal(keys.get(1));

        assertThatThrownBy(() -> seal.unseal("  " + keys.get(0) + "\n"))
                .isInstanceOfSatisfying(ArcaException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("already provided").contains("(2/3)");
                });
        assertThat(seal.status().progress()).isEqualTo(2);
        assertThat(seal.isSealed()).isTrue();
    }

    @Test
    void resetUnseal_forgetsKeysGiven() {
        List<String> keys = seal.init(5, 3).unsealKeys();
        seal.unseal(keys.get(0));
        seal.unseal(keys.get(1));

        seal.resetUnseal();

        assertThat(seal.status().progress()).isZero();
        seal.unseal(keys.get(0));
        assertThat(seal.status().progress()).isEqualTo(1);
    }

    @Test
    void unsealWhenUnsealed_returnsStatusUnchanged() {
        List<String> keys = seal.init(3, 2).unsealKeys();
        seal.unsealWith(keys);

        assertThat(seal.unseal("whatever")).isEqualTo(new SealStatus(true, false, 3, 2, 0, VERSION));
    }

    @Test
    void seal_thenKeyringAnswersSealed() {
        List<String> keys = seal.init(5, 3).unsealKeys();
        seal.unsealWith(keys.subList(0, 3));
        Keyring kept = seal.keyring();
        kept.createVaultKey("vault_a");
        byte[] ciphertext = kept.encrypt("vault_a", utf8("value"), utf8("ad"));

        seal.seal();

        assertThat(seal.isSealed()).isTrue();
        assertThat(seal.status().sealed()).isTrue();
        assertError(() -> seal.keyring(), ErrorCode.SEALED);
        assertError(() -> kept.decrypt("vault_a", ciphertext, utf8("ad")), ErrorCode.SEALED);
        assertError(() -> kept.encrypt("vault_a", utf8("value"), utf8("ad")), ErrorCode.SEALED);
        assertError(() -> kept.auditHmac(utf8("x")), ErrorCode.SEALED);
        assertThatThrownBy(() -> seal.keyring()).hasMessage("Arca is sealed; unseal it with `arca operator unseal`");
    }

    @Test
    void seal_forgetsPartialProgress() {
        List<String> keys = seal.init(5, 3).unsealKeys();
        seal.unseal(keys.get(0));

        seal.seal();

        assertThat(seal.status().progress()).isZero();
    }

    @Test
    void initTwice_conflicts() {
        seal.init(5, 3);

        assertError(() -> seal.init(5, 3), ErrorCode.CONFLICT);
        assertError(() -> new SealService(db, VERSION).init(3, 2), ErrorCode.CONFLICT);
        assertThat(seal.status().shares()).isEqualTo(5);
    }

    @Test
    void initRolledBackWithItsTransaction_leavesServerUninitialized() {
        assertThatThrownBy(() -> db.inTransaction(() -> {
            seal.init(5, 3);
            throw new IllegalStateException("the audit write failed");
        })).hasMessage("the audit write failed");

        assertThat(seal.isInitialized()).isFalse();
        int keysets = db.read(h -> h.createQuery("SELECT COUNT(*) FROM keyring").mapTo(Integer.class).one());
        assertThat(keysets).isZero();
        assertThat(seal.init(5, 3).unsealKeys()).hasSize(5);
    }

    @Test
    void concurrentUnseals_openTheSealOnce() throws Exception {
        List<String> keys = seal.init(5, 3).unsealKeys();
        var changes = new AtomicInteger();
        seal.onChange(changes::incrementAndGet);

        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (String key : keys) {
                    calls.add(executor.submit(() -> unsealAcceptingRefusal(key)));
                }
            }
            for (Future<?> call : calls) {
                call.get();
            }
        }

        assertThat(seal.isSealed()).isFalse();
        assertThat(changes).hasValue(1);
    }

    /** Racing callers may give a key another already gave; that one refusal is the expected answer. */
    private void unsealAcceptingRefusal(String key) {
        try {
            seal.unseal(key);
        } catch (ArcaException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(e.getMessage()).contains("already provided");
        }
    }

    @Test
    void init_outOfRange_namesTheField() {
        assertInvalidField(() -> seal.init(0, 1), "shares");
        assertInvalidField(() -> seal.init(256, 3), "shares");
        assertInvalidField(() -> seal.init(5, 0), "threshold");
        assertInvalidField(() -> seal.init(3, 4), "threshold");
        assertThat(seal.isInitialized()).isFalse();
    }

    @Test
    void devMode_oneShareUnsealsAlone() {
        List<String> keys = seal.init(1, 1).unsealKeys();

        assertThat(seal.unsealWith(keys).sealed()).isFalse();
    }

    @Test
    void listeners_hearInitUnsealAndSeal() {
        var changes = new AtomicInteger();
        seal.onChange(changes::incrementAndGet);
        seal.onChange(() -> {
            throw new IllegalStateException("a broken listener does not break the seal");
        });

        List<String> keys = seal.init(3, 2).unsealKeys();
        seal.unseal(keys.get(0));
        assertThat(changes).hasValue(1);
        seal.unseal(keys.get(1));
        assertThat(changes).hasValue(2);
        seal.seal();
        seal.seal();
        assertThat(changes).hasValue(3);
    }

    @Test
    void damagedRootKeyCheck_refusesToUnsealAndResetsProgress() {
        List<String> keys = seal.init(3, 2).unsealKeys();
        db.write(h -> h.execute("UPDATE seal_config SET root_key_check = ?", (Object) new byte[40]));
        var restarted = new SealService(db, VERSION);
        restarted.unseal(keys.get(0));

        assertError(() -> restarted.unseal(keys.get(1)), ErrorCode.INTERNAL);
        assertThat(restarted.isSealed()).isTrue();
        assertThat(restarted.status().progress()).isZero();
    }

    @Test
    void databaseFiles_containNeitherRootKeyNorUnsealKeysNorPlaintext() throws Exception {
        List<String> keys = seal.init(5, 3).unsealKeys();
        List<byte[]> shares = keys.stream().map(k -> Base64.getDecoder().decode(k)).toList();
        byte[] rootKey = Shamir.combine(shares.subList(0, 3));
        seal.unsealWith(keys.subList(0, 3));
        byte[] plaintext = utf8("s3cr3t-plaintext-that-must-never-reach-disk");
        byte[] ciphertext = storeSecretVersion(plaintext);
        db.close();

        List<byte[]> files = new ArrayList<>();
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path file : paths.filter(p -> p.getFileName().toString().startsWith("arca.db")).toList()) {
                files.add(Files.readAllBytes(file));
            }
        }
        assertThat(files).isNotEmpty();
        assertThat(files).as("the ciphertext itself is on disk, so the search can find bytes")
                .anySatisfy(file -> assertThat(indexOf(file, ciphertext)).isNotNegative());
        for (byte[] file : files) {
            assertThat(indexOf(file, rootKey)).as("root key").isEqualTo(-1);
            assertThat(indexOf(file, plaintext)).as("plaintext").isEqualTo(-1);
            for (int i = 0; i < keys.size(); i++) {
                assertThat(indexOf(file, shares.get(i))).as("share %d", i).isEqualTo(-1);
                assertThat(indexOf(file, utf8(keys.get(i)))).as("unseal key %d", i).isEqualTo(-1);
            }
        }
    }

    private byte[] storeSecretVersion(byte[] plaintext) {
        Keyring keyring = seal.keyring();
        return db.inTransaction(() -> db.write(h -> {
            h.execute("INSERT INTO vaults (id, name, created_at) VALUES ('vault_disk', 'disk', 0)");
            keyring.createVaultKey("vault_disk");
            h.execute("INSERT INTO projects (id, vault_id, name, created_at) VALUES ('proj_p', 'vault_disk', 'p', 0)");
            h.execute("""
                    INSERT INTO secrets (id, vault_id, project_id, path, type, current_version, created_at, updated_at)
                    VALUES ('sk_s', 'vault_disk', 'proj_p', 'p/s', 'string', 1, 0, 0)""");
            byte[] ciphertext = keyring.encrypt("vault_disk", plaintext, utf8("vault_disk/sk_s/1"));
            h.execute("""
                    INSERT INTO secret_versions (secret_id, version, ciphertext, state, created_at, created_by)
                    VALUES ('sk_s', 1, ?, 'current', 0, 'test')""", (Object) ciphertext);
            return ciphertext;
        }));
    }

    private Database open(String file) {
        Database opened = Database.open(StorageUrl.sqlite(dir.resolve(file)));
        this.opened.add(opened);
        return opened;
    }

    private static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ArcaException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static void assertInvalidField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ArcaException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(e.details()).containsEntry("field", field);
            assertThat(e.getMessage()).contains(field);
        });
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
