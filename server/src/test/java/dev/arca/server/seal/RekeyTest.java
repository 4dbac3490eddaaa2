package dev.arca.server.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ErrorCode;
import dev.arca.api.Rekey;
import dev.arca.api.SecretText;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca operator rekey}: new keys from a quorum of the old ones, the old ones dead, every value still readable. */
class RekeyTest {
    private static final byte[] AD = "ad".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private Database db;
    private SealService seal;
    private List<String> oldKeys;
    private byte[] ciphertext;

    @BeforeEach
    void initAndWriteAValue() {
        db = Database.open(StorageUrl.sqlite(dir.resolve("arca.db")));
        seal = new SealService(db, "test");
        oldKeys = seal.init(5, 3).unsealKeys();
        seal.unsealWith(oldKeys.subList(0, 3));
        seal.keyring().createVaultKey("vault_a");
        ciphertext = seal.keyring().encrypt("vault_a", bytes("kept"), AD);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void quorumOfOldKeys_makesNewKeys_oldOnesStopUnsealing_valuesStillDecrypt() {
        List<String> newKeys = rekey(seal, 3, 2, oldKeys.subList(2, 5));

        assertThat(newKeys).hasSize(3).doesNotContainAnyElementsOf(oldKeys);
        assertThat(seal.status().shares()).isEqualTo(3);
        assertThat(seal.status().threshold()).isEqualTo(2);
        var restarted = restarted();
        assertError(() -> restarted.unseal(oldKeys.get(0)), ErrorCode.INVALID_REQUEST);
        restarted.unsealWith(newKeys.subList(1, 3));
        assertThat(restarted.isSealed()).isFalse();
        assertThat(restarted.keyring().decrypt("vault_a", ciphertext, AD)).isEqualTo(bytes("kept"));
        // the keyring still writes and reads new keys after a rekey
        restarted.keyring().createVaultKey("vault_b");
        byte[] later = restarted.keyring().encrypt("vault_b", bytes("later"), AD);
        assertThat(restarted.keyring().decrypt("vault_b", later, AD)).isEqualTo(bytes("later"));
    }

    @Test
    void aSecondRekey_unwrapsAndRewrapsTheKeyringKey() {
        List<String> first = rekey(seal, 3, 2, oldKeys.subList(0, 3));
        List<String> second = rekey(seal, 1, 1, first.subList(0, 2));

        var restarted = restarted();
        assertError(() -> restarted.unseal(first.get(0)), ErrorCode.INVALID_REQUEST);
        restarted.unseal(second.getFirst());
        assertThat(restarted.keyring().decrypt("vault_a", ciphertext, AD)).isEqualTo(bytes("kept"));
    }

    @Test
    void wrongRepeatedOrForeignKeysAndAWrongNonce_changeNothing() {
        String foreign;
        try (Database otherDb = Database.open(StorageUrl.sqlite(dir.resolve("other.db")))) {
            foreign = new SealService(otherDb, "test").init(1, 1).unsealKeys().getFirst();
        }
        String nonce = seal.rekeyStart(3, 2).nonce();
        seal.rekeyUpdate(oldKeys.get(0), nonce);

        assertError(() -> seal.rekeyUpdate(oldKeys.get(0), nonce), ErrorCode.INVALID_REQUEST);
        assertError(() -> seal.rekeyUpdate(foreign, nonce), ErrorCode.INVALID_REQUEST);
        assertError(() -> seal.rekeyUpdate("not a key", nonce), ErrorCode.INVALID_REQUEST);
        assertError(() -> seal.rekeyUpdate(oldKeys.get(1), "rekey_other"), ErrorCode.INVALID_REQUEST);
        assertThat(seal.rekeyStatus().progress()).isEqualTo(1);
        assertError(() -> seal.rekeyStart(2, 2), ErrorCode.CONFLICT);

        seal.rekeyCancel();
        assertThat(seal.rekeyStatus().started()).isFalse();
        assertError(() -> seal.rekeyUpdate(oldKeys.get(1), nonce), ErrorCode.NOT_FOUND);
        var restarted = restarted();
        restarted.unsealWith(oldKeys.subList(0, 3));
        assertThat(restarted.isSealed()).isFalse();
        assertThat(restarted.status().shares()).isEqualTo(5);
    }

    @Test
    void tooFewKeys_leaveTheOldSplit() {
        String nonce = seal.rekeyStart(null, null).nonce();
        seal.rekeyUpdate(oldKeys.get(3), nonce);
        Rekey.Status status = seal.rekeyUpdate(oldKeys.get(4), nonce);

        assertThat(status.complete()).isFalse();
        assertThat(status.progress()).isEqualTo(2);
        assertThat(status.required()).isEqualTo(3);
        assertThat(status.shares()).isEqualTo(5); // omitted: as now
        assertThat(status.keys()).isEmpty();
        var restarted = restarted();
        restarted.unsealWith(oldKeys.subList(0, 3));
        assertThat(restarted.isSealed()).isFalse();
    }

    @Test
    void aSplitOutOfRange_isRefusedBeforeAnythingStarts() {
        assertError(() -> seal.rekeyStart(0, 1), ErrorCode.INVALID_REQUEST);
        assertError(() -> seal.rekeyStart(3, 4), ErrorCode.INVALID_REQUEST);
        assertThat(seal.rekeyStatus().started()).isFalse();
    }

    private static List<String> rekey(SealService seal, int shares, int threshold, List<String> keys) {
        String nonce = seal.rekeyStart(shares, threshold).nonce();
        Rekey.Status status = null;
        for (String key : keys) {
            status = seal.rekeyUpdate(key, nonce);
        }
        assertThat(status).isNotNull();
        assertThat(status.complete()).isTrue();
        assertThat(status.started()).isFalse();
        return status.keys().stream().map(SecretText::reveal).toList();
    }

    private SealService restarted() {
        return new SealService(db, "test");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ArcaException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
