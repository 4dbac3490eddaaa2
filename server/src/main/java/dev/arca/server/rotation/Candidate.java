package dev.arca.server.rotation;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.server.seal.SealService;
import dev.arca.server.seal.SealedColumn;
import dev.arca.server.secrets.SecretValue;
import dev.arca.server.storage.StoredJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A run's candidate value: what becomes the secret's next version once the target took it. Kept in the run's row
 * only as ciphertext of the vault's key, bound to the vault, the run and the secret, so it cannot be moved to
 * another run or read as a secret version. {@link #toString()} never shows it.
 */
final class Candidate {
    /** The stored form (inside the ciphertext). */
    private record Stored(String type, @Nullable String value, @Nullable Map<String, String> fields) {}

    private final Stored stored;

    private Candidate(Stored stored) {
        this.stored = stored;
    }

    static Candidate single(String type, String value) {
        return new Candidate(new Stored(type, value, null));
    }

    static Candidate fields(String type, Map<String, String> fields) {
        return new Candidate(new Stored(type, null, Map.copyOf(fields)));
    }

    /** The secret value it becomes. */
    SecretValue value() {
        return SecretValue.of(stored.type(), stored.value(), stored.fields());
    }

    /** One field of a structured candidate. */
    @Nullable String field(String name) {
        return stored.fields() == null ? null : stored.fields().get(name);
    }

    byte[] seal(SealService seal, String vaultId, String runId, String secretId) {
        return seal.keyring().encrypt(vaultId, StoredJson.write(stored).getBytes(StandardCharsets.UTF_8),
                binding(vaultId, runId, secretId));
    }

    static Candidate open(SealService seal, String vaultId, String runId, String secretId, byte[] ciphertext) {
        byte[] plaintext = seal.keyring().decrypt(vaultId, ciphertext, binding(vaultId, runId, secretId));
        return new Candidate(StoredJson.read(new String(plaintext, StandardCharsets.UTF_8),
                new TypeReference<Stored>() {}));
    }

    /** The candidates a run column keeps ({@code candidate}, {@code unconfirmed}), for the keyring rewrap. */
    static SealedColumn sealedColumn(String column) {
        return new SealedColumn("rotation-" + column, "rotation_runs", column, "vault_id", List.of("id"),
                List.of("secret_id"), (vaultId, row) -> binding(vaultId, row.text(0), row.text(1)));
    }

    private static byte[] binding(String vaultId, String runId, String secretId) {
        return ("arca/rotation-candidate/v1\0" + vaultId + "\0" + runId + "\0" + secretId)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Candidate[" + stored.type() + ", hidden]";
    }
}
