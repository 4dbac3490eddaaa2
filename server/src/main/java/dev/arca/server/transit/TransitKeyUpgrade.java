package dev.arca.server.transit;

import dev.arca.server.keymaterial.KeyMaterialStore;
import dev.arca.server.seal.SealService;
import dev.arca.server.secrets.TransitKeySecrets;
import dev.arca.server.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves transit keys stored as secrets (before schema version 14) into the key-material store, at every unseal:
 * the move re-encrypts each key document under the key-material associated data, which needs the keyring, so SQL
 * alone cannot do it. Each key moves in one transaction (insert into {@code key_material} with the same id, then
 * remove the secret rows), so a crash leaves every key either moved or not, and running again moves only what is
 * left; once nothing is left an unseal costs one query. The id is kept because every ciphertext's associated data
 * names it: old ciphertexts decrypt unchanged.
 */
final class TransitKeyUpgrade {
    private static final Logger LOG = LoggerFactory.getLogger(TransitKeyUpgrade.class);

    private final Database db;
    private final TransitKeySecrets old;
    private final KeyMaterialStore keys;

    TransitKeyUpgrade(Database db, SealService seal) {
        this.db = db;
        this.old = new TransitKeySecrets(db, seal);
        this.keys = new KeyMaterialStore(db, seal, TransitService.ENGINE);
    }

    /**
     * Registers the move on every unseal; separate from the constructor so no {@code this} escapes it. An unseal
     * through the API runs in that request's transaction: the move waits for its commit, so each key still moves in
     * a transaction of its own and a refused or failed unseal cannot roll the moves back.
     */
    static void onEveryUnseal(Database db, SealService seal) {
        var upgrade = new TransitKeyUpgrade(db, seal);
        seal.onChange(() -> {
            if (!seal.isSealed()) {
                db.afterCommit(upgrade::run);
            }
        });
    }

    /** Moves every transit key still stored as a secret; answers how many live keys moved. */
    int run() {
        int moved = 0;
        for (String id : old.ids()) {
            try {
                if (db.inTransaction(() -> move(id))) {
                    moved++;
                }
            } catch (RuntimeException e) {
                // one key that cannot move must not keep the others back; it is tried again at the next unseal
                LOG.error("transit key {} could not be moved to the key-material store ({}); it answers 404 until an "
                        + "unseal moves it", id, e.getClass().getSimpleName(), e);
            }
        }
        if (moved > 0) {
            LOG.info("upgrade: {} transit key(s) now in the key-material store", moved); // a count, never a key
        }
        return moved;
    }

    /** True when a live key moved; a deleted one is only removed, as no route served its keys any more. */
    private boolean move(String id) {
        var stored = old.read(id);
        if (stored.isEmpty()) {
            return false; // moved meanwhile, by another node sharing the database
        }
        var key = stored.get();
        if (key.document().isPresent() && keys.insert(key.id(), key.vaultId(), key.projectId(), key.path(),
                key.document().get(), key.createdAt(), key.createdBy()).isEmpty()) {
            LOG.warn("transit key {} at {} was not moved: the key-material store already has its id or path (another "
                    + "node moved it, or a key was made at that path meanwhile); tried again at the next unseal",
                    key.id(), key.path());
            return false;
        }
        old.remove(id);
        return key.document().isPresent();
    }
}
