package dev.arca.server.rotation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.server.seal.SealService;
import dev.arca.server.secrets.SecretValue;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A run's candidate value: what becomes the secret's next version once the target took it. Kept in the run's row
 * only as ciphertext of the vault's key, bound to the vault, the run and the secret, so it cannot be moved to
 * another run or read as a secret version. {@link #toString()} never shows it.
 */
final class Candidate {
    private static final ObjectMapper JSON = Json.strict();

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
        try {
            return seal.keyring().encrypt(vaultId, JSON.writeValueAsBytes(stored), binding(vaultId, runId, secretId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Candidate open(SealService seal, String vaultId, String runId, String secretId, byte[] ciphertext) {
        byte[] plaintext = seal.keyring().decrypt(vaultId, ciphertext, binding(vaultId, runId, secretId));
        try {
            return new Candidate(JSON.readValue(plaintext, Stored.class));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored rotation candidate does not parse", e);
        }
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
