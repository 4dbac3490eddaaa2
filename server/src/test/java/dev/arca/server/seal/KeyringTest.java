package dev.arca.server.seal;

import static dev.arca.server.seal.SealServiceTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringTest {
    private static final byte[] PLAINTEXT = utf8("correct horse battery staple");
    private static final byte[] AD = utf8("vault_a/sk_1/1");

    @TempDir
    Path dir;

    private final List<Database> opened = new ArrayList<>();
    private Database db;
    private List<String> unsealKeys;
    private SealService seal;
    private Keyring keyring;

    @BeforeEach
    void unsealedServer() {
        db = open();
        seal = new SealService(db, "test");
        unsealKeys = seal.init(3, 2).unsealKeys();
        seal.unsealWith(unsealKeys);
        keyring = seal.keyring();
        keyring.createVaultKey("vault_a");
        keyring.createVaultKey("vault_b");
    }

    @AfterEach
    void closeDatabases() {
        opened.forEach(Database::close);
    }

    @Test
    void auditChainKey_isLoadedAtUnseal_isNotTheIdentifierKey_andIsGoneWhenSealed() throws Exception {
        var chain = new AuditChainKey(seal);
        String hash = "ab".repeat(32);

        String mac = chain.mac(hash).orElseThrow();

        byte[] identifierMac = keyring.auditHmac(hash.getBytes(StandardCharsets.US_ASCII));
        assertThat(mac).isNotEqualTo(java.util.HexFormat.of().formatHex(identifierMac));
        assertThat(chain.verify(hash, mac)).contains(true);
        assertThat(chain.verify("cd".repeat(32), mac)).contains(false);
        seal.seal();
        assertThat(chain.mac(hash)).isEmpty();
        assertThat(chain.verify(hash, mac)).isEmpty();
        seal.unsealWith(unsealKeys);
        assertThat(chain.mac(hash)).contains(mac);
    }

    @Test
    void unseal_withAChainKeyStored_writesNoKeyset() {
        db.write(h -> {
            h.execute("CREATE TABLE keyring_inserts (name TEXT)");
            h.execute("CREATE TRIGGER count_keyring_inserts BEFORE INSERT ON keyring "
                    + "BEGIN INSERT INTO keyring_inserts VALUES (NEW.name); END");
            return null;
        });
        byte[] before = new KeysetStore(db).find(Keyring.AUDIT_CHAIN).orElseThrow();

        seal.seal();
        seal.unsealWith(unsealKeys);

        int inserts = db.read(h -> h.createQuery("SELECT count(*) FROM keyring_inserts").mapTo(Integer.class).one());
        assertThat(inserts).isZero();
        assertThat(new KeysetStore(db).find(Keyring.AUDIT_CHAIN).orElseThrow()).isEqualTo(before);
    }

    @Test
    void unseal_ofASealWithoutAChainKey_createsOne_andKeepsIt() {
        String hash = "ab".repeat(32);
        db.write(h -> h.execute("DELETE FROM keyring WHERE name = 'audit-chain'"));
        seal.seal();

        seal.unsealWith(unsealKeys);
        String mac = new AuditChainKey(seal).mac(hash).orElseThrow();
        seal.seal();
        seal.unsealWith(unsealKeys);

        assertThat(new AuditChainKey(seal).mac(hash)).contains(mac);
    }

    @Test
    void encrypt_thenDecrypt_givesThePlaintext() {
        byte[] ciphertext = keyring.encrypt("vault_a", PLAINTEXT, AD);

        assertThat(SealServiceTest.indexOf(ciphertext, PLAINTEXT)).isEqualTo(-1);
        assertThat(keyring.decrypt("vault_a", ciphertext, AD)).isEqualTo(PLAINTEXT);
        assertThat(keyring.encrypt("vault_a", PLAINTEXT, AD)).as("random nonce").isNotEqualTo(ciphertext);
    }

    @Test
    void otherAssociatedData_failsToDecrypt() {
        byte[] ciphertext = keyring.encrypt("vault_a", PLAINTEXT, AD);

        assertThatThrownBy(() -> keyring.decrypt("vault_a", ciphertext, utf8("vault_a/sk_2/1")))
                .isInstanceOf(DecryptionFailedException.class)
                .hasMessageContaining("vault_a")
                .hasMessageNotContaining("correct horse");
    }

    @Test
    void otherVaultsKey_failsToDecrypt() {
        byte[] ciphertext = keyring.encrypt("vault_a", PLAINTEXT, AD);

        assertThatThrownBy(() -> keyring.decrypt("vault_b", ciphertext, AD))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void alteredCiphertext_failsToDecrypt() {
        byte[] ciphertext = keyring.encrypt("vault_a", PLAINTEXT, AD);
        ciphertext[ciphertext.length - 1] ^= 1;

        assertThatThrownBy(() -> keyring.decrypt("vault_a", ciphertext, AD))
                .isInstanceOf(DecryptionFailedException.class);
        assertThatThrownBy(() -> keyring.decrypt("vault_a", new byte[3], AD))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void rotation_keepsOldCiphertextsReadable() {
        byte[] before = keyring.encrypt("vault_a", PLAINTEXT, AD);

        keyring.rotateVaultKey("vault_a");
        byte[] after = keyring.encrypt("vault_a", PLAINTEXT, AD);

        assertThat(Arrays.copyOf(after, 5)).as("new key id prefix").isNotEqualTo(Arrays.copyOf(before, 5));
        assertThat(keyring.decrypt("vault_a", before, AD)).isEqualTo(PLAINTEXT);
        assertThat(keyring.decrypt("vault_a", after, AD)).isEqualTo(PLAINTEXT);

        seal.seal();
        seal.unsealWith(unsealKeys);
        Keyring reopened = seal.keyring();
        assertThat(reopened.decrypt("vault_a", before, AD)).isEqualTo(PLAINTEXT);
        assertThat(reopened.decrypt("vault_a", after, AD)).isEqualTo(PLAINTEXT);
        assertThat(Arrays.copyOf(reopened.encrypt("vault_a", PLAINTEXT, AD), 5)).isEqualTo(Arrays.copyOf(after, 5));
    }

    @Test
    void rotationByAnotherNode_isPickedUpWhenItsCiphertextArrives() {
        byte[] before = keyring.encrypt("vault_a", PLAINTEXT, AD);
        var otherNode = new SealService(open(), "test");
        otherNode.unsealWith(unsealKeys);

        otherNode.keyring().rotateVaultKey("vault_a");
        byte[] fromOtherNode = otherNode.keyring().encrypt("vault_a", PLAINTEXT, AD);

        assertThat(keyring.decrypt("vault_a", fromOtherNode, AD)).isEqualTo(PLAINTEXT);
        assertThat(otherNode.keyring().decrypt("vault_a", before, AD)).isEqualTo(PLAINTEXT);
    }

    @Test
    void replaceOfAKeysetThatChangedMeanwhile_changesNothing() {
        var store = new KeysetStore(db);
        byte[] seenBefore = store.find("vault:vault_a").orElseThrow();
        keyring.rotateVaultKey("vault_a");
        byte[] rotated = store.find("vault:vault_a").orElseThrow();

        assertThat(store.replace("vault:vault_a", seenBefore, new byte[] {1, 2, 3})).isFalse();
        assertThat(store.find("vault:vault_a").orElseThrow()).isEqualTo(rotated).isNotEqualTo(seenBefore);
    }

    @Test
    void keysetCopiedToAnotherRow_failsToDecrypt() {
        db.write(h -> h.execute(
                "UPDATE keyring SET keyset = (SELECT keyset FROM keyring WHERE name = 'vault:vault_a') "
                        + "WHERE name = 'vault:vault_b'"));
        seal.seal();
        seal.unsealWith(unsealKeys);

        assertThatThrownBy(() -> seal.keyring().encrypt("vault_b", PLAINTEXT, AD))
                .isInstanceOf(DecryptionFailedException.class)
                .hasMessageContaining("vault:vault_b");
        assertThat(seal.keyring().decrypt("vault_a", seal.keyring().encrypt("vault_a", PLAINTEXT, AD), AD))
                .isEqualTo(PLAINTEXT);
    }

    @Test
    void createVaultKeyTwice_isRefused() {
        assertThatThrownBy(() -> keyring.createVaultKey("vault_a"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already has a data key");
    }

    @Test
    void vaultWithoutKey_isRefused() {
        assertThatThrownBy(() -> keyring.encrypt("vault_missing", PLAINTEXT, AD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("vault:vault_missing");
        assertThatThrownBy(() -> keyring.rotateVaultKey("vault_missing"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void createVaultKey_rolledBackWithItsTransaction() {
        assertThatThrownBy(() -> db.inTransaction(() -> {
            keyring.createVaultKey("vault_rolled_back");
            throw new IllegalStateException("vault creation failed later");
        })).hasMessage("vault creation failed later");

        assertThatThrownBy(() -> keyring.encrypt("vault_rolled_back", PLAINTEXT, AD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no keyset");
    }

    @Test
    void auditHmac_isStableForTheSameInputAndSurvivesRestart() {
        byte[] mac = keyring.auditHmac(utf8("token accessor 123"));

        assertThat(mac).hasSize(37);
        assertThat(keyring.auditHmac(utf8("token accessor 123"))).isEqualTo(mac);
        assertThat(keyring.auditHmac(utf8("token accessor 124"))).isNotEqualTo(mac);

        var restarted = new SealService(open(), "test");
        restarted.unsealWith(unsealKeys);
        assertThat(restarted.keyring().auditHmac(utf8("token accessor 123"))).isEqualTo(mac);
    }

    @Test
    void auditHmac_differsBetweenServers() {
        var otherDir = dir.resolve("other");
        Database other = Database.open(StorageUrl.sqlite(otherDir.resolve("arca.db")));
        opened.add(other);
        var otherSeal = new SealService(other, "test");
        otherSeal.unsealWith(otherSeal.init(1, 1).unsealKeys());

        assertThat(otherSeal.keyring().auditHmac(utf8("x"))).isNotEqualTo(keyring.auditHmac(utf8("x")));
    }

    private Database open() {
        Database database = Database.open(StorageUrl.sqlite(dir.resolve("arca.db")));
        opened.add(database);
        return database;
    }
}
