package dev.arca.server.seal;

import static dev.arca.server.seal.SealServiceTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.KeyRotation;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyring rotation and the rewrap over a sealed column of its own ({@code sealed_values}), rounds run by hand so each
 * step is seen: what is re-encrypted, under which key, and where a cut rewrap goes on.
 */
class KeyringRewrapTest {
    private static final int VALUES = 23;

    @TempDir
    Path dir;

    private Database db;
    private SealService seal;
    private List<String> unsealKeys;
    private final AtomicInteger rowsRead = new AtomicInteger();
    /** Seals the server when this many rows were read (0: never), as a seal or a crash in mid-batch would cut it. */
    private int sealAtRow;
    private final Map<String, byte[]> plaintexts = new LinkedHashMap<>();
    private SealedColumn column;
    private KeyringRotation rotation;
    private KeyringRewrap rewrap;

    @BeforeEach
    void serverWithValues() {
        db = Database.open(StorageUrl.sqlite(dir.resolve("arca.db")));
        seal = new SealService(db, "test");
        unsealKeys = seal.init(1, 1).unsealKeys();
        seal.unsealWith(unsealKeys);
        seal.keyring().createVaultKey("vault_a");
        seal.keyring().createVaultKey("vault_b");
        db.write(h -> h.execute("CREATE TABLE sealed_values (id VARCHAR(64) PRIMARY KEY, vault_id VARCHAR(64) "
                + "NOT NULL, value BLOB)"));
        column = new SealedColumn("test-values", "sealed_values", "value", "vault_id", List.of("id"), List.of(),
                (vaultId, row) -> {
                    if (rowsRead.incrementAndGet() == sealAtRow) {
                        seal.seal();
                    }
                    return associatedData(vaultId, row.text(0));
                });
        for (int i = 0; i < VALUES; i++) {
            put(String.format("v%02d", i), i % 2 == 0 ? "vault_a" : "vault_b", "value " + i);
        }
        rotation = new KeyringRotation(db, seal, List.of(column), Clock.systemUTC());
        rewrap = new KeyringRewrap(db, seal, List.of(column), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void rotate_newValuesUseTheNewKey_oldOnesStillDecrypt_andTheRewrapPutsEveryValueUnderIt() {
        int before = seal.keyring().primaryKeyId("vault_a");
        assertThat(storedUnder(before, "vault_a")).isTrue();

        KeyRotation.Status rotated = rotation.rotate(5);

        int after = seal.keyring().primaryKeyId("vault_a");
        assertThat(after).isNotEqualTo(before);
        assertThat(rotated.term()).isEqualTo(2);
        assertThat(rotated.rewrap()).isNotNull();
        assertThat(rotated.rewrap().state()).isEqualTo("running");
        assertThat(rotated.rewrap().done()).isZero();
        assertThat(rotated.rewrap().total()).isEqualTo(VALUES);
        assertThat(Keyring.isUnderPrimary(seal.keyring().encrypt("vault_a", utf8("new"), utf8("ad")), after)).isTrue();
        assertEveryValueReads();

        rewrap.round();

        assertThat(storedUnder(after, "vault_a")).isTrue();
        assertThat(storedUnder(seal.keyring().primaryKeyId("vault_b"), "vault_b")).isTrue();
        assertEveryValueReads();
        KeyRotation.Rewrap done = rotation.status().rewrap();
        assertThat(done.state()).isEqualTo("complete");
        assertThat(done.done()).isEqualTo(VALUES);
        assertThat(done.total()).isEqualTo(VALUES);
        assertThat(done.skipped()).isZero();
        assertThat(done.finishedAt()).isNotNull();
        assertThat(done.columns()).containsExactly(new KeyRotation.Column("test-values", VALUES, VALUES, true));
    }

    @Test
    void sealInMidBatch_rollsThatBatchBack_andTheNextUnsealResumesAfterTheLastCommittedOne() {
        rotation.rotate(5);
        sealAtRow = 12; // in the third batch (rows 11-15)

        rewrap.round();

        assertThat(seal.isSealed()).isTrue();
        RewrapStore.Progress cut = new RewrapStore(db).progress("test-values").orElseThrow();
        assertThat(cut.done()).isEqualTo(10);
        assertThat(cut.finished()).isFalse();
        rewrap.round(); // sealed: does nothing
        assertThat(new RewrapStore(db).progress("test-values").orElseThrow()).isEqualTo(cut);

        seal.unsealWith(unsealKeys);
        rowsRead.set(0);
        sealAtRow = 0;
        rewrap.round();

        assertThat(rowsRead).as("rows read after the unseal: the 13 after the position, none before")
                .hasValue(VALUES - 10);
        assertThat(rotation.status().rewrap().state()).isEqualTo("complete");
        assertThat(rotation.status().rewrap().done()).isEqualTo(VALUES);
        assertThat(storedUnder(seal.keyring().primaryKeyId("vault_a"), "vault_a")).isTrue();
        assertEveryValueReads();
    }

    @Test
    void replace_ofARowWrittenAgainSinceItWasRead_leavesTheNewerValue() {
        rotation.rotate(5);
        SealedColumn.Row read = column.after(db, null, 1).getFirst();
        byte[] rewrapped = seal.keyring().rewrap(read.vaultId(), read.ciphertext(), read.associatedData())
                .orElseThrow();
        byte[] newer = seal.keyring().encrypt("vault_a", utf8("newer"), associatedData("vault_a", "v00"));
        db.write(h -> h.createUpdate("UPDATE sealed_values SET value = :value WHERE id = 'v00'").bind("value", newer)
                .execute());

        assertThat(column.replace(db, read, rewrapped)).isFalse();

        assertThat(stored("v00")).isEqualTo(newer);
    }

    @Test
    void rotateWhileARewrapRuns_startsItOverForTheNewTerm() {
        rotation.rotate(5);
        sealAtRow = 12;
        rewrap.round();
        seal.unsealWith(unsealKeys);
        sealAtRow = 0;
        int second = seal.keyring().primaryKeyId("vault_a");

        KeyRotation.Status again = rotation.rotate(7);

        assertThat(again.term()).isEqualTo(3);
        assertThat(again.rewrap().done()).isZero();
        assertThat(again.rewrap().batchSize()).isEqualTo(7);
        rewrap.round();
        int third = seal.keyring().primaryKeyId("vault_a");
        assertThat(third).isNotEqualTo(second);
        assertThat(storedUnder(third, "vault_a")).isTrue();
        assertThat(rotation.status().rewrap().state()).isEqualTo("complete");
        assertEveryValueReads();
    }

    @Test
    void aValueThatDoesNotDecrypt_isSkippedAndLeftAsItWas_theRewrapStillCompletes() {
        byte[] altered = stored("v03").clone();
        altered[altered.length - 1] ^= 1;
        db.write(h -> h.createUpdate("UPDATE sealed_values SET value = :value WHERE id = 'v03'").bind("value", altered)
                .execute());
        rotation.rotate(5);

        rewrap.round();

        KeyRotation.Rewrap done = rotation.status().rewrap();
        assertThat(done.state()).isEqualTo("complete");
        assertThat(done.skipped()).isEqualTo(1);
        assertThat(stored("v03")).isEqualTo(altered);
    }

    @Test
    void aVaultCreatedAfterARotation_hasAWorkingKey() {
        rotation.rotate(null);
        seal.keyring().createVaultKey("vault_c");
        put("w00", "vault_c", "in the new vault");

        rewrap.round();

        assertThat(rotation.status().rewrap().state()).isEqualTo("complete");
        assertThat(rotation.status().rewrap().batchSize()).isEqualTo(KeyringRotation.DEFAULT_BATCH);
        assertEveryValueReads();
    }

    @Test
    void batchSizeOutOfRange_is400NamingIt_andChangesNothing() {
        int before = seal.keyring().primaryKeyId("vault_a");

        assertThatThrownBy(() -> rotation.rotate(0)).isInstanceOf(ArcaException.class)
                .hasMessageContaining("batch_size");
        assertThatThrownBy(() -> rotation.rotate(1001)).isInstanceOf(ArcaException.class);

        assertThat(seal.keyring().primaryKeyId("vault_a")).isEqualTo(before);
        assertThat(rotation.status().term()).isEqualTo(1);
        assertThat(rotation.status().rewrap()).isNull();
    }

    @Test
    void rotateWhileSealed_isSealed() {
        seal.seal();

        assertThatThrownBy(() -> rotation.rotate(5)).isInstanceOf(ArcaException.class)
                .extracting(e -> ((ArcaException) e).code()).isEqualTo(dev.arca.api.ErrorCode.SEALED);
    }

    private void put(String id, String vaultId, String plaintext) {
        byte[] value = seal.keyring().encrypt(vaultId, utf8(plaintext), associatedData(vaultId, id));
        db.write(h -> h.createUpdate("INSERT INTO sealed_values (id, vault_id, value) VALUES (:id, :vault, :value)")
                .bind("id", id).bind("vault", vaultId).bind("value", value).execute());
        plaintexts.put(id + "/" + vaultId, utf8(plaintext));
    }

    private byte[] stored(String id) {
        return db.read(h -> h.createQuery("SELECT value FROM sealed_values WHERE id = :id").bind("id", id)
                .mapTo(byte[].class).one());
    }

    /** True when every value of {@code vaultId} carries key {@code keyId} in its prefix. */
    private boolean storedUnder(int keyId, String vaultId) {
        List<byte[]> values = db.read(h -> h.createQuery("SELECT value FROM sealed_values WHERE vault_id = :vault")
                .bind("vault", vaultId).mapTo(byte[].class).list());
        return !values.isEmpty() && values.stream().allMatch(value -> Keyring.isUnderPrimary(value, keyId));
    }

    private void assertEveryValueReads() {
        plaintexts.forEach((key, plaintext) -> {
            String id = key.substring(0, key.indexOf('/'));
            String vaultId = key.substring(key.indexOf('/') + 1);
            assertThat(seal.keyring().decrypt(vaultId, stored(id), associatedData(vaultId, id))).as(id)
                    .isEqualTo(plaintext);
        });
    }

    private static byte[] associatedData(String vaultId, String id) {
        return utf8("test\0" + vaultId + "\0" + id);
    }
}
