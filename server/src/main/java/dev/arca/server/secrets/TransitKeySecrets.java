package dev.arca.server.secrets;

import dev.arca.api.TransitKey;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Transit keys as stored before schema version 14: secrets of type {@code transit_key} whose value was the key's
 * document. Only {@code transit.TransitKeyUpgrade} uses this class, once per key, to move each into the
 * key-material store; it is no way to a key for anything else (SecretService has none), and after the move the
 * secret tables hold no transit key.
 */
public final class TransitKeySecrets {
    /**
     * One such secret: its id (which every ciphertext of the key names, so the moved key keeps it), where it was,
     * and its current value, the key document, decrypted; {@code document} is empty for a deleted or destroyed key,
     * whose keys no route served any more.
     */
    public record Stored(String id, String vaultId, String projectId, String path, Optional<byte[]> document,
            Instant createdAt, String createdBy) {
        @Override
        public String toString() {
            return "Stored[id=" + id + ", path=" + path + ", document=<redacted>]";
        }
    }

    private final Database db;
    private final SealService seal;

    public TransitKeySecrets(Database db, SealService seal) {
        this.db = db;
        this.seal = seal;
    }

    /** The ids of every secret of type {@code transit_key}, live or not. */
    public List<String> ids() {
        return db.read(h -> h.createQuery("SELECT id FROM secrets WHERE type = :type ORDER BY id")
                .bind("type", TransitKey.TYPE).mapTo(String.class).list());
    }

    /** The transit key secret {@code id}, its current value decrypted; empty when it is no longer there. */
    public Optional<Stored> read(String id) {
        return db.read(h -> h.createQuery("SELECT s.vault_id, s.project_id, s.path, s.current_version, "
                + "s.deleted_at, s.created_at, s.created_by, v.ciphertext FROM secrets s LEFT JOIN secret_versions v "
                + "ON v.secret_id = s.id AND v.version = s.current_version WHERE s.id = :id AND s.type = :type")
                .bind("id", id).bind("type", TransitKey.TYPE)
                .map((rs, ctx) -> {
                    String vaultId = rs.getString("vault_id");
                    boolean live = rs.getObject("deleted_at") == null;
                    byte[] ciphertext = rs.getBytes("ciphertext");
                    int version = rs.getInt("current_version");
                    Optional<byte[]> document = live && ciphertext != null
                            ? Optional.of(seal.keyring().decrypt(vaultId, ciphertext,
                                    SecretVersions.associatedData(vaultId, id, version)))
                            : Optional.empty();
                    return new Stored(id, vaultId, rs.getString("project_id"), rs.getString("path"), document,
                            Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("created_by"));
                }).findOne());
    }

    /** Removes the secret and all it had (versions, tags, egress rules), in the caller's transaction. */
    public void remove(String id) {
        db.write(h -> {
            for (String table : List.of("secret_egress", "secret_tags", "secret_versions")) {
                h.createUpdate("DELETE FROM " + table + " WHERE secret_id = :id").bind("id", id).execute();
            }
            return h.createUpdate("DELETE FROM secrets WHERE id = :id AND type = :type")
                    .bind("id", id).bind("type", TransitKey.TYPE).execute();
        });
    }
}
