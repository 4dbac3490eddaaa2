package dev.arca.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code arca machine enroll --layout sikkerkey}: enrolls through the SikkerKey door
 * ({@code POST /v1/{vaultId}/enroll/register}) and writes the identity the SikkerKey CLI and SDKs read:
 * {@code $SIKKERKEY_HOME/vaults/<vaultId>/identity.json} (exactly {@code machineId, machineName, vaultId, apiUrl,
 * privateKeyPath}: the Kotlin SDK decodes no other key) and {@code private.pem} beside it (PKCS#8, unencrypted —
 * those clients read no other form — so 0600 in a 0700 directory; the SikkerKey CLI always opens that name).
 */
final class SikkerKeyLayout {
    static final String IDENTITY_FILE = "identity.json";
    static final String KEY_FILE = "private.pem";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was enrolled and where it was written. */
    record Written(String machineId, String machineName, String vaultId, String apiUrl, Path identityFile) {}

    private SikkerKeyLayout() {}

    /** {@code $SIKKERKEY_HOME}, else {@code ~/.sikkerkey}. */
    static Path home(ArcaCommand context) {
        String home = context.env("SIKKERKEY_HOME");
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".sikkerkey");
    }

    static Path identityFile(Path home, String vaultId) {
        return home.resolve("vaults").resolve(vaultId).resolve(IDENTITY_FILE);
    }

    /**
     * Enrolls at the SikkerKey door {@code door} and writes the identity under {@code home}; {@code force} allows
     * replacing one that is there (checked again once the vault's id is known).
     */
    static Written enroll(URI door, Path home, String vault, String token, @Nullable String name,
            @Nullable String hostname, boolean force) {
        KeyPair keys = generate();
        JsonNode answer = register(door, vault, token, name, hostname, keys);
        String machineId = answer.path("machineId").asText();
        String vaultId = answer.path("vaultId").asText();
        if (machineId.isEmpty() || vaultId.isEmpty() || vaultId.contains("/") || vaultId.startsWith(".")) {
            throw new CommandFailure("the SikkerKey door's enrollment answer has no usable machineId and vaultId");
        }
        Path identity = identityFile(home, vaultId);
        if (!force && Files.exists(identity)) {
            throw new CommandFailure(identity + " already holds a SikkerKey identity; not replaced; the machine just "
                    + "enrolled (" + machineId + ") was not saved: reject it with arca machine reject " + machineId
                    + " (enroll again with --force to replace it, or set another SIKKERKEY_HOME)");
        }
        Path key = identity.resolveSibling(KEY_FILE).toAbsolutePath();
        // the key first: an identity file never names a key that is not there
        OwnerOnlyFile.write(key, pem(keys).getBytes(StandardCharsets.US_ASCII));
        String apiUrl = answer.path("apiUrl").asText(door.toString());
        Map<String, String> stored = new LinkedHashMap<>();
        stored.put("machineId", machineId);
        stored.put("machineName", answer.path("machineName").asText());
        stored.put("vaultId", vaultId);
        stored.put("apiUrl", apiUrl);
        stored.put("privateKeyPath", key.toString());
        try {
            OwnerOnlyFile.write(identity, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(stored));
        } catch (IOException e) {
            throw new CommandFailure("cannot write " + identity + ": " + e.getClass().getSimpleName());
        }
        return new Written(machineId, stored.get("machineName"), vaultId, apiUrl, identity);
    }

    private static JsonNode register(URI door, String vault, String token, @Nullable String name,
            @Nullable String hostname, KeyPair keys) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("publicKey", rawPublicKeyBase64(keys));
        body.put("hostname", hostname != null ? hostname : "serverless");
        if (name != null) {
            body.put("name", name);
        }
        String base = door.toString().endsWith("/") ? door.toString().substring(0, door.toString().length() - 1)
                : door.toString();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build()) {
            var request = HttpRequest.newBuilder(URI.create(base + "/v1/" + vault + "/enroll/register"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
            if (response.statusCode() / 100 != 2) {
                throw new CommandFailure("enrollment through the SikkerKey door failed (HTTP " + response.statusCode()
                        + "): " + answer.path("error").asText(response.body()));
            }
            return answer;
        } catch (IOException e) {
            throw new CommandFailure("cannot reach the SikkerKey door at " + base + ": " + e.getMessage()
                    + " (--addr is the door's address, e.g. http://localhost:8421)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted while enrolling");
        }
    }

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK", e);
        }
    }

    /** The raw 32-byte public key (the tail of its SubjectPublicKeyInfo), std base64 as the door wants it. */
    private static String rawPublicKeyBase64(KeyPair keys) {
        byte[] spki = keys.getPublic().getEncoded();
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }

    private static String pem(KeyPair keys) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }
}
