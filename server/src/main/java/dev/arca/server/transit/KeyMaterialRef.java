package dev.arca.server.transit;

import dev.arca.server.keymaterial.KeyMaterialStore;

/**
 * A transit key's row in the key-material store: its id (the {@code sk_…} id every ciphertext's associated data
 * names, kept from when transit keys were secrets), where it is, and which version of its document is meant.
 */
record KeyMaterialRef(String id, String vaultId, String path, int version) {
    static KeyMaterialRef of(KeyMaterialStore.Entry entry) {
        return new KeyMaterialRef(entry.id(), entry.vaultId(), entry.name(), entry.version());
    }
}
