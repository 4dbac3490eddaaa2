package dev.arca.server.seal;

import dev.arca.server.storage.Database;
import java.util.List;
import java.util.Optional;

/** The {@code keyring} table: Tink keysets, each encrypted with the root key, by row name. */
final class KeysetStore {
    private final Database db;

    KeysetStore(Database db) {
        this.db = db;
    }

    Optional<byte[]> find(String name) {
        return db.read(h -> h.createQuery("SELECT keyset FROM keyring WHERE name = :name")
                .bind("name", name)
                .mapTo(byte[].class)
                .findOne());
    }

    /** The row names that start with {@code prefix}, in order. */
    List<String> namesStartingWith(String prefix) {
        return db.read(h -> h.createQuery("SELECT name FROM keyring WHERE substr(name, 1, :length) = :prefix "
                        + "ORDER BY name")
                .bind("length", prefix.length())
                .bind("prefix", prefix)
                .mapTo(String.class)
                .list());
    }

    /** Runs {@code action} now and again once the current transaction ends (a cache to clear). */
    void nowAndAfterTransaction(Runnable action) {
        db.nowAndAfterTransaction(action);
    }

    /** Adds a row; false if one with that name already exists. */
    boolean insert(String name, byte[] encryptedKeyset) {
        return db.write(h -> h.createUpdate("""
                        INSERT INTO keyring (name, keyset, updated_at) VALUES (:name, :keyset, :now)
                        ON CONFLICT (name) DO NOTHING""")
                .bind("name", name)
                .bind("keyset", encryptedKeyset)
                .bind("now", System.currentTimeMillis())
                .execute()) == 1;
    }

    /**
     * Replaces a row only if it still holds {@code expected}, so two concurrent rotations (on one node or
     * several sharing PostgreSQL) cannot silently drop each other's new key.
     */
    boolean replace(String name, byte[] expected, byte[] encryptedKeyset) {
        return db.write(h -> h.createUpdate("""
                        UPDATE keyring SET keyset = :keyset, updated_at = :now
                        WHERE name = :name AND keyset = :expected""")
                .bind("name", name)
                .bind("keyset", encryptedKeyset)
                .bind("expected", expected)
                .bind("now", System.currentTimeMillis())
                .execute()) == 1;
    }

    /** Removes a row; false if there was none. */
    boolean delete(String name) {
        return db.write(h -> h.createUpdate("DELETE FROM keyring WHERE name = :name").bind("name", name).execute()) == 1;
    }
}
