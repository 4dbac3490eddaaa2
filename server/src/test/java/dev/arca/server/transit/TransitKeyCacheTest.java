package dev.arca.server.transit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Sealed means no key in memory": the opened transit keys go when the seal closes. */
class TransitKeyCacheTest {
    private static final KeyMaterialRef REF = new KeyMaterialRef("sk_one", "vault_1", "app/k", 1);

    @TempDir
    Path dir;
    Database db;
    SealService seal;
    String unsealKey;
    TransitKeyCache cache;
    AtomicInteger opened = new AtomicInteger();

    @BeforeEach
    void unsealed() {
        db = Database.open(StorageUrl.sqlite(dir.resolve("arca.db")));
        seal = new SealService(db, "test");
        unsealKey = seal.init(1, 1).unsealKeys().getFirst();
        seal.unseal(unsealKey);
        cache = TransitKeyCache.clearedOnSealChange(seal);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private OpenKey get(KeyMaterialRef ref) {
        return cache.get(ref, () -> {
            opened.incrementAndGet();
            return OpenKey.open(ref, KeyDocument.create(TransitAlgorithm.AES256_GCM, false, Instant.EPOCH));
        });
    }

    @Test
    void aSecretVersion_isOpenedOnce() {
        OpenKey first = get(REF);
        assertThat(get(REF)).isSameAs(first);
        assertThat(opened).hasValue(1);
        get(new KeyMaterialRef(REF.id(), REF.vaultId(), REF.path(), 2));
        assertThat(opened).hasValue(2);
    }

    @Test
    void forgettingAKey_dropsEveryOpenedVersionOfIt_andNoOtherKey() {
        OpenKey v1 = get(REF);
        OpenKey v2 = get(new KeyMaterialRef(REF.id(), REF.vaultId(), REF.path(), 2));
        var other = new KeyMaterialRef("sk_one2", REF.vaultId(), "app/k2", 1);
        OpenKey kept = get(other);
        cache.forget(REF.id());
        assertThat(get(other)).isSameAs(kept);
        assertThat(get(REF)).isNotSameAs(v1);
        assertThat(get(new KeyMaterialRef(REF.id(), REF.vaultId(), REF.path(), 2))).isNotSameAs(v2);
        assertThat(opened).hasValue(5);
    }

    @Test
    void sealing_dropsEveryOpenedKey() {
        OpenKey before = get(REF);
        seal.seal();
        seal.unseal(unsealKey);
        assertThat(get(REF)).isNotSameAs(before);
        assertThat(opened).hasValue(2);
    }

    @Test
    void whileSealed_nothingIsServedOrOpened() {
        get(REF);
        seal.seal();
        assertThatThrownBy(() -> get(REF)).isInstanceOfSatisfying(ArcaException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SEALED));
        assertThat(opened).hasValue(1);
    }

    @Test
    void aKeyOpenedWhileTheSealCloses_isNotKept() {
        assertThatThrownBy(() -> cache.get(REF, () -> {
            seal.seal(); // the seal closes while this request opens the key
            return OpenKey.open(REF, KeyDocument.create(TransitAlgorithm.AES256_GCM, false, Instant.EPOCH));
        })).isInstanceOfSatisfying(ArcaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SEALED));
        seal.unseal(unsealKey);
        get(REF);
        assertThat(opened).hasValue(1);
    }
}
