package dev.arca.server.keymaterial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.server.seal.DecryptionFailedException;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import dev.arca.server.vaults.VaultService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key-material store's binding: each row decrypts only as the engine, owner and version it was written for —
 * a ciphertext copied to another owner's row, to another engine or back over a newer version does not decrypt.
 */
class KeyMaterialStoreIT {
    private static final byte[] MATERIAL = "the engine's own key".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER = "another owner's key".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    Database db;
    SealService seal;
    String vaultId;
    KeyMaterialStore transit;

    @BeforeEach
    void open() {
        db = Database.open(StorageUrl.sqlite(dir.resolve("arca.db")));
        seal = new SealService(db, "test");
        seal.unseal(seal.init(1, 1).unsealKeys().getFirst());
        var vaults = new VaultService(db, seal, Clock.systemUTC());
        vaultId = db.inTransaction(() -> vaults.create("default")).id();
        transit = new KeyMaterialStore(db, seal, "transit");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void insertedMaterial_opensAsWritten_andIsStoredOnlyEncrypted() {
        var entry = insert(transit, "k_one", "app/one", MATERIAL);
        assertThat(transit.open(vaultId, entry.id(), 1)).hasValueSatisfying(m -> assertThat(m).isEqualTo(MATERIAL));
        assertThat(ciphertext("k_one")).isNotEmpty();
        assertThat(new String(ciphertext("k_one"), StandardCharsets.ISO_8859_1)).doesNotContain("engine's own key");
    }

    @Test
    void aRowMovedToAnotherOwner_failsToDecrypt() {
        insert(transit, "k_one", "app/one", MATERIAL);
        insert(transit, "k_two", "app/two", OTHER);
        setCiphertext("k_two", ciphertext("k_one"));
        assertThatThrownBy(() -> transit.open(vaultId, "k_two", 1)).isInstanceOf(DecryptionFailedException.class)
                .hasMessageNotContaining("engine's own key");
    }

    @Test
    void aRowMovedToAnotherEngine_isNotSeenByIt_andFailsToDecryptThere() {
        insert(transit, "k_one", "app/one", MATERIAL);
        var pki = new KeyMaterialStore(db, seal, "pki");
        assertThat(pki.byName(vaultId, "app/one")).isEmpty();
        assertThat(pki.open(vaultId, "k_one", 1)).isEmpty();
        assertThat(pki.delete(vaultId, "app/one")).isFalse();
        db.write(h -> h.createUpdate("UPDATE key_material SET engine = 'pki' WHERE id = 'k_one'").execute());
        assertThat(pki.byName(vaultId, "app/one")).isPresent();
        assertThatThrownBy(() -> pki.open(vaultId, "k_one", 1)).isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void anOlderVersionCopiedOverTheNewer_failsToDecrypt() {
        insert(transit, "k_one", "app/one", MATERIAL);
        byte[] first = ciphertext("k_one");
        assertThat(transit.replace(vaultId, "k_one", 1, OTHER, Instant.now(), "test")).isTrue();
        assertThat(transit.open(vaultId, "k_one", 2)).hasValueSatisfying(m -> assertThat(m).isEqualTo(OTHER));
        setCiphertext("k_one", first);
        assertThatThrownBy(() -> transit.open(vaultId, "k_one", 2)).isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void replace_isACompareAndSetOnTheVersion() {
        insert(transit, "k_one", "app/one", MATERIAL);
        assertThat(transit.replace(vaultId, "k_one", 1, OTHER, Instant.now(), "test")).isTrue();
        assertThat(transit.replace(vaultId, "k_one", 1, MATERIAL, Instant.now(), "test")).isFalse();
        assertThat(transit.byName(vaultId, "app/one")).hasValueSatisfying(e -> assertThat(e.version()).isEqualTo(2));
        assertThat(transit.open(vaultId, "k_one", 1)).isEmpty();
        assertThat(transit.open(vaultId, "k_one", 2)).hasValueSatisfying(m -> assertThat(m).isEqualTo(OTHER));
    }

    @Test
    void aSecondOwnerOfTheSameName_isRefused_andDeleteIsForGood() {
        insert(transit, "k_one", "app/one", MATERIAL);
        assertThat(transit.insert("k_two", vaultId, null, "app/one", OTHER, Instant.now(), "test")).isEmpty();
        assertThat(transit.delete(vaultId, "app/one")).isTrue();
        assertThat(transit.byName(vaultId, "app/one")).isEmpty();
        long rows = db.read(h -> h.createQuery("SELECT COUNT(*) FROM key_material").mapTo(Long.class).one());
        assertThat(rows).isZero();
    }

    @Test
    void anEngineName_isLowerCaseLettersDigitsAndDashes() {
        assertThatThrownBy(() -> new KeyMaterialStore(db, seal, "Transit")).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyMaterialStore(db, seal, "")).isInstanceOf(IllegalArgumentException.class);
    }

    private KeyMaterialStore.Entry insert(KeyMaterialStore store, String id, String name, byte[] material) {
        return store.insert(id, vaultId, null, name, material, Instant.now(), "test").orElseThrow();
    }

    private byte[] ciphertext(String id) {
        return db.read(h -> h.createQuery("SELECT ciphertext FROM key_material WHERE id = :id").bind("id", id)
                .mapTo(byte[].class).one());
    }

    private void setCiphertext(String id, byte[] ciphertext) {
        db.write(h -> h.createUpdate("UPDATE key_material SET ciphertext = :c WHERE id = :id").bind("id", id)
                .bind("c", ciphertext).execute());
    }
}
