package dev.arca.server.acme;

import dev.arca.server.keymaterial.KeyMaterialStore;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import java.time.Clock;
import java.util.Optional;

/**
 * The engine's key material (engine {@code acme}): account key pairs ({@code account/{name}}), TSIG secrets
 * ({@code dns/{name}}) and a certificate's key pair while its order is between finalize and download
 * ({@code order/{id}}, dropped once the key is in the certificate secret). Nothing here is ever a column, a log
 * line or an error message.
 */
final class AcmeKeys {
    static final String ENGINE = "acme";

    private final KeyMaterialStore store;
    private final Clock clock;

    AcmeKeys(Database db, SealService seal, Clock clock) {
        this.store = new KeyMaterialStore(db, seal, ENGINE);
        this.clock = clock;
    }

    static String account(String name) {
        return "account/" + name;
    }

    static String dns(String name) {
        return "dns/" + name;
    }

    static String order(String id) {
        return "order/" + id;
    }

    /** Stores {@code material} for owner {@code name} (made or replaced whole). */
    void put(String vaultId, String ownerId, String name, byte[] material, String by) {
        Optional<KeyMaterialStore.Entry> existing = store.byName(vaultId, name);
        if (existing.isEmpty()) {
            if (store.insert(ownerId, vaultId, null, name, material, clock.instant(), by).isEmpty()) {
                throw new IllegalStateException("key material " + name + " was written concurrently");
            }
        } else if (!store.replace(vaultId, existing.get().id(), existing.get().version(), material, clock.instant(),
                by)) {
            throw new IllegalStateException("key material " + name + " was written concurrently");
        }
    }

    Optional<byte[]> open(String vaultId, String name) {
        return store.byName(vaultId, name).flatMap(e -> store.open(vaultId, e.id(), e.version()));
    }

    void delete(String vaultId, String name) {
        store.delete(vaultId, name);
    }
}
