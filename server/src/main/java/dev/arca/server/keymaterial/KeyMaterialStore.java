package dev.arca.server.keymaterial;

import dev.arca.server.seal.SealService;
import dev.arca.server.seal.SealedColumn;
import dev.arca.server.storage.Database;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One engine's view of table {@code key_material}: the keys an engine makes and uses itself (a transit key's
 * versions; later CA keys, ACME account keys, database root credentials), kept apart from user secrets. An owner
 * is one named thing of the engine in a vault ({@code transit} key {@code app/payments}); its row holds all its
 * material, replaced whole on each change.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Material is stored only encrypted with its vault's data key ({@link dev.arca.server.seal.Keyring}), with
 *       associated data {@code arca/key-material/v1 \0 engine \0 vault id \0 owner id \0 version}: a ciphertext
 *       copied to another engine's row, another owner's or another version's does not decrypt. The name is not
 *       bound, so a project rename re-encrypts nothing.</li>
 *   <li>A store reaches only its own engine's rows: every statement is scoped to the engine it was made for.</li>
 *   <li>No secret route reaches this table: only engines hold a {@code KeyMaterialStore}, and {@code SecretService}
 *       neither holds one nor reads the table.</li>
 *   <li>{@link #replace} is a compare-and-set on the version, so two concurrent changes never both become version
 *       N+1.</li>
 * </ul>
 */
public final class KeyMaterialStore {
    private static final Pattern ENGINE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final String COLUMNS = "id, vault_id, name, version";
    /** Every engine's material, for the keyring rewrap. */
    public static final SealedColumn SEALED_MATERIAL = new SealedColumn("key-material", "key_material", "ciphertext",
            "vault_id", List.of("id"), List.of("engine", "version"),
            (vaultId, row) -> associatedData(row.text(1), vaultId, row.text(0), row.integer(2)));

    /** Where one owner's material is, and its latest version, without the material. */
    public record Entry(String id, String vaultId, String name, int version) {}

    private final Database db;
    private final SealService seal;
    private final String engine;

    public KeyMaterialStore(Database db, SealService seal, String engine) {
        if (!ENGINE.matcher(engine).matches()) {
            throw new IllegalArgumentException("an engine name is 1-32 lower-case letters, digits or '-'");
        }
        this.db = db;
        this.seal = seal;
        this.engine = engine;
    }

    public Optional<Entry> byName(String vaultId, String name) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM key_material WHERE engine = :engine "
                + "AND vault_id = :vault AND name = :name")
                .bind("engine", engine).bind("vault", vaultId).bind("name", name)
                .map((rs, ctx) -> entry(rs)).findOne());
    }

    /** The material of version {@code version} of owner {@code id}; empty when it was changed or deleted since. */
    public Optional<byte[]> open(String vaultId, String id, int version) {
        return db.read(h -> h.createQuery("SELECT ciphertext FROM key_material WHERE engine = :engine "
                + "AND vault_id = :vault AND id = :id AND version = :version")
                .bind("engine", engine).bind("vault", vaultId).bind("id", id).bind("version", version)
                .mapTo(byte[].class).findOne())
                .map(ciphertext -> seal.keyring().decrypt(vaultId, ciphertext, associatedData(vaultId, id, version)));
    }

    /**
     * A new owner at version 1; empty when the engine already has one of that name in the vault (the unique
     * index decides, so two concurrent creations never both succeed).
     *
     * @param projectId the project {@code name} starts with, for engines whose names are secret paths (a project
     *     rename then moves the name); else null
     */
    public Optional<Entry> insert(String id, String vaultId, @Nullable String projectId, String name, byte[] material,
            Instant now, String by) {
        byte[] ciphertext = seal.keyring().encrypt(vaultId, material, associatedData(vaultId, id, 1));
        int inserted = db.write(h -> h.createUpdate("INSERT INTO key_material (id, engine, vault_id, project_id, "
                + "name, version, ciphertext, created_at, created_by, updated_at, updated_by) VALUES (:id, :engine, "
                + ":vault, :project, :name, 1, :ciphertext, :now, :by, :now, :by) ON CONFLICT DO NOTHING")
                .bind("id", id).bind("engine", engine).bind("vault", vaultId).bind("project", projectId)
                .bind("name", name).bind("ciphertext", ciphertext).bind("now", now.toEpochMilli()).bind("by", by)
                .execute());
        return inserted == 1 ? Optional.of(new Entry(id, vaultId, name, 1)) : Optional.empty();
    }

    /**
     * Replaces the material of owner {@code id} as version {@code expected + 1}, only if {@code expected} is still
     * its latest version (compare-and-set); false when another change came first or the owner was deleted, so the
     * caller recomputes from the newer material instead of losing that change.
     */
    public boolean replace(String vaultId, String id, int expected, byte[] material, Instant now, String by) {
        int next = expected + 1;
        byte[] ciphertext = seal.keyring().encrypt(vaultId, material, associatedData(vaultId, id, next));
        return db.write(h -> h.createUpdate("UPDATE key_material SET version = :next, ciphertext = :ciphertext, "
                + "updated_at = :now, updated_by = :by WHERE engine = :engine AND vault_id = :vault AND id = :id "
                + "AND version = :expected")
                .bind("engine", engine).bind("vault", vaultId).bind("id", id).bind("expected", expected)
                .bind("next", next).bind("ciphertext", ciphertext).bind("now", now.toEpochMilli()).bind("by", by)
                .execute()) == 1;
    }

    /** Deletes the owner and its material for good; false when there was none. */
    public boolean delete(String vaultId, String name) {
        return db.write(h -> h.createUpdate("DELETE FROM key_material WHERE engine = :engine AND vault_id = :vault "
                + "AND name = :name")
                .bind("engine", engine).bind("vault", vaultId).bind("name", name).execute()) == 1;
    }

    private byte[] associatedData(String vaultId, String id, int version) {
        return associatedData(engine, vaultId, id, version);
    }

    private static byte[] associatedData(String engine, String vaultId, String id, int version) {
        return ("arca/key-material/v1\0" + engine + "\0" + vaultId + "\0" + id + "\0" + version)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getString("id"), rs.getString("vault_id"), rs.getString("name"), rs.getInt("version"));
    }
}
