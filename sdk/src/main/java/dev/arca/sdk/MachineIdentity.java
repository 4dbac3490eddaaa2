package dev.arca.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A machine's identity on disk (DESIGN §7): {@code $ARCA_HOME/vaults/<vault_id>/identity.json}
 * {@code {machine_id, machine_name, vault_id, api_url, key_file}} beside its Ed25519 private key
 * ({@code machine.key}, PKCS#8 PEM, optionally encrypted), both mode 0600. Immutable; {@link #toString()} never
 * shows the key. Give it to {@link ArcaClient.Builder#identity(MachineIdentity)} to sign every request.
 */
public final class MachineIdentity {
    /** The file name of an identity inside its directory. */
    public static final String IDENTITY_FILE = "identity.json";
    /** The file name of the private key written by {@link #save}. */
    public static final String KEY_FILE = "machine.key";

    private static final ObjectMapper JSON = Json.lenient();

    private final String machineId;
    private final @Nullable String machineName;
    private final String vaultId;
    private final URI apiUrl;
    private final @Nullable Path keyFile;
    private final PrivateKey privateKey;

    private MachineIdentity(Stored stored, @Nullable Path keyFile, PrivateKey privateKey) {
        this.machineId = stored.machineId();
        this.machineName = stored.machineName();
        this.vaultId = stored.vaultId();
        this.apiUrl = URI.create(stored.apiUrl());
        this.keyFile = keyFile;
        this.privateKey = privateKey;
    }

    /** What {@code identity.json} holds; {@code key_file} is relative to the identity's directory unless absolute. */
    record Stored(String machineId, @Nullable String machineName, String vaultId, String apiUrl,
            @Nullable String keyFile) {}

    /** {@code <home>/vaults/<vaultId>/identity.json}. */
    public static Path defaultFile(Path home, String vaultId) {
        return home.resolve("vaults").resolve(vaultId).resolve(IDENTITY_FILE);
    }

    /**
     * Loads an identity and its private key.
     *
     * @param identityFile an {@code identity.json}
     * @param passphrase the key's passphrase if it is encrypted; null otherwise
     * @throws ConfigurationException naming the file that is missing, unreadable or wrong, and what to do
     */
    public static MachineIdentity load(Path identityFile, char @Nullable [] passphrase) {
        Stored stored;
        try {
            stored = JSON.readValue(Files.readAllBytes(identityFile), Stored.class);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("no machine identity at " + identityFile
                    + ": enroll this machine first with arca machine enroll");
        } catch (IOException e) {
            // No parser message: it would quote the file.
            throw new ConfigurationException("cannot read the machine identity " + identityFile + " ("
                    + e.getClass().getSimpleName() + "); it should be the JSON written by arca machine enroll");
        }
        for (String[] field : new String[][] {{"machine_id", stored.machineId()}, {"vault_id", stored.vaultId()},
                {"api_url", stored.apiUrl()}, {"key_file", stored.keyFile()}}) {
            if (field[1] == null || field[1].isBlank()) {
                throw new ConfigurationException("the machine identity " + identityFile + " has no " + field[0]
                        + "; enroll again with arca machine enroll");
            }
        }
        try {
            URI.create(stored.apiUrl());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("the machine identity " + identityFile + " has an api_url that is not a URL");
        }
        Path keyFile = identityFile.toAbsolutePath().resolveSibling(stored.keyFile());
        PrivateKey key = PemKeyFile.readPrivateKey(keyFile, passphrase);
        if (!"Ed25519".equalsIgnoreCase(key.getAlgorithm()) && !"EdDSA".equalsIgnoreCase(key.getAlgorithm())) {
            throw new ConfigurationException(keyFile + " holds a " + key.getAlgorithm() + " key; a machine key is Ed25519");
        }
        return new MachineIdentity(stored, keyFile, key);
    }

    /**
     * Writes an enrolled machine's identity and key under {@code <home>/vaults/<vault_id>/} (mode 0600, directory
     * 0700) and returns it.
     *
     * @param passphrase encrypts the key (PBES2, see {@link PemKeyFile}); null leaves it unencrypted
     */
    public static MachineIdentity save(Path home, Enrollment.Enrolled enrolled, char @Nullable [] passphrase) {
        Objects.requireNonNull(enrolled, "enrolled");
        var answer = enrolled.machine();
        return save(home, new Stored(answer.machineId(), answer.machineName(), answer.vaultId(),
                enrolled.address().toString(), KEY_FILE), enrolled.keyPair().getPrivate(), passphrase);
    }

    static MachineIdentity save(Path home, Stored stored, PrivateKey key, char @Nullable [] passphrase) {
        Path identityFile = defaultFile(home, stored.vaultId());
        Path keyFile = identityFile.resolveSibling(stored.keyFile());
        PemKeyFile.writePrivateKey(keyFile, key, passphrase);
        try {
            PrivateFiles.write(identityFile, Json.strict().writerWithDefaultPrettyPrinter().writeValueAsBytes(stored));
        } catch (IOException e) {
            throw new ConfigurationException("cannot write the machine identity " + identityFile + ": "
                    + e.getClass().getSimpleName() + "; check that " + home + " is writable");
        }
        return new MachineIdentity(stored, keyFile, key);
    }

    /**
     * An identity that lives only in memory: the answer of an enrollment and its key pair, nothing on disk
     * ({@link #keyFile()} is null). Used by {@link Arca#bootstrapInMemory}.
     */
    static MachineIdentity inMemory(Enrollment.Enrolled enrolled) {
        var answer = enrolled.machine();
        return new MachineIdentity(new Stored(answer.machineId(), answer.machineName(), answer.vaultId(),
                enrolled.address().toString(), null), null, enrolled.keyPair().getPrivate());
    }

    /** The {@code mach_…} id. */
    public String machineId() {
        return machineId;
    }

    /** The machine's name in its vault; may be null for an identity written by hand. */
    public @Nullable String machineName() {
        return machineName;
    }

    /** The {@code vault_…} id the machine belongs to. */
    public String vaultId() {
        return vaultId;
    }

    /** The server the machine enrolled with. */
    public URI apiUrl() {
        return apiUrl;
    }

    /** Where the private key is; null for an identity that lives only in memory. */
    public @Nullable Path keyFile() {
        return keyFile;
    }

    /** A signer for this machine's requests. */
    public RequestSigner signer() {
        return signer(null);
    }

    /** A signer for this machine's requests whose signatures {@code provider} makes (null: the runtime's own). */
    public RequestSigner signer(@Nullable Provider provider) {
        return new RequestSigner(machineId, privateKey, provider);
    }

    @Override
    public String toString() {
        return "MachineIdentity[machine=" + machineId + ", name=" + machineName + ", vault=" + vaultId + ", api="
                + apiUrl + ", key=<redacted>]";
    }
}
