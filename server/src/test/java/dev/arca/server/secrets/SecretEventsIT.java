package dev.arca.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import dev.arca.server.vaults.VaultService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watchers hear of every change once its transaction committed, and never of a change that was rolled back. */
class SecretEventsIT {
    @TempDir
    Path dir;
    Database db;
    SecretService secrets;
    VaultService vaults;
    String vaultId;
    final List<String> heard = new CopyOnWriteArrayList<>();
    final Principal root = Principal.token("acc_test", "test", null, List.of(Principal.ROOT_POLICY));

    @BeforeEach
    void open() {
        db = Database.open(StorageUrl.sqlite(dir.resolve("arca.db")));
        var seal = new SealService(db, "test");
        seal.unsealWith(seal.init(1, 1).unsealKeys());
        Clock clock = Clock.systemUTC();
        vaults = new VaultService(db, seal, clock);
        vaultId = vaults.create("default").id();
        vaults.createProject("default", "app");
        secrets = new SecretService(db, vaults, seal, new SecretEvents() {
            @Override
            public void changed(String vault, String secretId, String path, int version) {
                heard.add("changed " + path + " v" + version);
            }

            @Override
            public void deleted(String vault, String secretId, String path) {
                heard.add("deleted " + path);
            }
        }, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void write_isAnnouncedOnlyAfterCommit() {
        db.inTransaction(() -> {
            secrets.put("default", "app/k", new Secret.Put(null, SecretText.of("v"), null), root);
            assertThat(heard).isEmpty();
            return null;
        });
        assertThat(heard).containsExactly("changed app/k v1");
    }

    @Test
    void rolledBackWrite_isNeverAnnounced() {
        assertThatThrownBy(() -> db.inTransaction(() -> {
            secrets.put("default", "app/k", new Secret.Put(null, SecretText.of("v"), null), root);
            throw new IllegalStateException("the request failed after the write");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(heard).isEmpty();
        assertThatThrownBy(() -> secrets.metadata("default", "app/k")).isInstanceOf(ArcaException.class);
    }

    @Test
    void withoutATransaction_announcesAtOnce() {
        secrets.put("default", "app/k", new Secret.Put(null, SecretText.of("v"), null), root);
        assertThat(heard).containsExactly("changed app/k v1");
    }

    @Test
    void rotationDeleteUndeleteAndDestroy_areAnnounced() {
        secrets.put("default", "app/k", new Secret.Put(null, SecretText.of("v"), null), root);
        new SecretRotation(secrets).rotate("default", "app/k",
                new Secret.Rotate(SecretText.of("w"), null, null, null, null), root, true);
        secrets.delete("default", "app/k", Optional.empty(), false, root);
        secrets.undelete("default", "app/k", null, root);
        secrets.destroy("default", "app/k", List.of(2), root);
        secrets.put("default", "app/k", new Secret.Put(null, SecretText.of("x"), null), root);
        secrets.delete("default", "app/k", Optional.empty(), true, root);
        assertThat(heard).containsExactly("changed app/k v1", "changed app/k v2", "deleted app/k", "changed app/k v2",
                "deleted app/k", "changed app/k v3", "deleted app/k");
    }

    @Test
    void forcedProjectDelete_announcesEverySecret() {
        secrets.put("default", "app/a", new Secret.Put(null, SecretText.of("v"), null), root);
        secrets.put("default", "app/b", new Secret.Put(null, SecretText.of("v"), null), root);
        heard.clear();
        db.inTransaction(() -> {
            vaults.deleteProject("default", "app", true, secrets, root);
            return null;
        });
        assertThat(heard).containsExactly("deleted app/a", "deleted app/b");
    }
}
