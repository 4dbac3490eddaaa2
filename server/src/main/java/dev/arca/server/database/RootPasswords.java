package dev.arca.server.database;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.SecretText;
import dev.arca.server.error.ArcaException;
import dev.arca.server.keymaterial.KeyMaterialStore;
import dev.arca.server.storage.Ids;
import dev.arca.server.storage.StoredJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The passwords Arca keeps for databases — a connection's root user's, a static role's user's — in the key-material
 * store (engine {@value DatabaseEngine#MOUNT}), one owner each, never in a table column or an answer. An owner holds
 * the {@code current} password and, while a rotation is under way, the {@code pending} one: a rotation writes the
 * new password ahead, then changes it in the database, then commits it, so a crash in between leaves both known and
 * {@link #promote} settles on whichever the database accepts.
 */
final class RootPasswords {
    /** The material: JSON {@code {"current": …, "pending": …}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Material(String current, @Nullable String pending) {}

    private final KeyMaterialStore keys;
    private final Clock clock;

    RootPasswords(KeyMaterialStore keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** A new owner's password, or a replaced one (a connection written with a new password). */
    void create(String vaultId, String owner, SecretText password, String by) {
        var entry = keys.insert(Ids.newId("dbkey_"), vaultId, null, owner, bytes(new Material(password.reveal(), null)),
                clock.instant(), by);
        if (entry.isEmpty()) {
            replace(vaultId, owner, new Material(password.reveal(), null), by);
        }
    }

    Material read(String vaultId, String owner) {
        var entry = keys.byName(vaultId, owner).orElseThrow(() -> new IllegalStateException("no password " + owner));
        byte[] material = keys.open(vaultId, entry.id(), entry.version())
                .orElseThrow(() -> new IllegalStateException("password " + owner + " changed while read"));
        return StoredJson.read(new String(material, StandardCharsets.UTF_8),
                new TypeReference<Material>() {});
    }

    /** Replaces the whole material, retrying a concurrent change's compare-and-set. */
    void replace(String vaultId, String owner, Material material, String by) {
        for (int attempt = 0; attempt < 5; attempt++) {
            var entry = keys.byName(vaultId, owner).orElseThrow(() -> new IllegalStateException("no password "
                    + owner));
            if (keys.replace(vaultId, entry.id(), entry.version(), bytes(material), clock.instant(), by)) {
                return;
            }
        }
        throw ArcaException.conflict("the password changed concurrently; try again");
    }

    /** Step one of a rotation: the new password written ahead, beside the current one. */
    void writeAhead(String vaultId, String owner, SecretText next, String by) {
        replace(vaultId, owner, new Material(read(vaultId, owner).current(), next.reveal()), by);
    }

    /** The last step: the pending password becomes the current one. */
    void promote(String vaultId, String owner, String by) {
        Material material = read(vaultId, owner);
        if (material.pending() != null) {
            replace(vaultId, owner, new Material(material.pending(), null), by);
        }
    }

    /** A rotation the database refused: the pending password is dropped, the current one stays. */
    void abandon(String vaultId, String owner, String by) {
        Material material = read(vaultId, owner);
        if (material.pending() != null) {
            replace(vaultId, owner, new Material(material.current(), null), by);
        }
    }

    Optional<SecretText> pending(String vaultId, String owner) {
        return Optional.ofNullable(read(vaultId, owner).pending()).map(SecretText::of);
    }

    SecretText current(String vaultId, String owner) {
        return SecretText.of(read(vaultId, owner).current());
    }

    void delete(String vaultId, String owner) {
        keys.delete(vaultId, owner);
    }

    private static byte[] bytes(Material material) {
        return StoredJson.write(material).getBytes(StandardCharsets.UTF_8);
    }
}
