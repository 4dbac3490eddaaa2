package dev.arca.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.server.auth.TokenService;
import dev.arca.server.config.ServerConfig;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.PrivateFiles;
import dev.arca.server.vaults.VaultService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * {@code arca server --dev}: initialises with ONE unseal key kept in a file next to the data, unseals itself
 * at every start, makes a {@code default} vault and leaves the root token where the CLI finds it. Convenient,
 * and exactly as unsafe as it sounds: the key that opens everything sits on disk in plaintext.
 */
public final class DevMode {
    static final String CREDENTIALS_FILE = "dev-credentials.json";
    static final String DEFAULT_VAULT = "default";
    private static final ObjectMapper JSON = Json.lenient();

    /** What dev mode keeps on disk; {@code toString()} hides both secrets. */
    public record Credentials(String unsealKey, String rootToken, Path file, Path tokenFile) {
        @Override
        public String toString() {
            return "Credentials[file=" + file + ", tokenFile=" + tokenFile + "]";
        }
    }

    private final ServerConfig config;
    private final Database db;
    private final SealService seal;
    private final TokenService tokens;
    private final VaultService vaults;

    DevMode(ServerConfig config, Database db, SealService seal, TokenService tokens, VaultService vaults) {
        this.config = config;
        this.db = db;
        this.seal = seal;
        this.tokens = tokens;
        this.vaults = vaults;
    }

    Credentials bootstrap() {
        Path file = config.dataDir().resolve(CREDENTIALS_FILE);
        Credentials credentials = seal.isInitialized() ? read(file) : initialise(file);
        seal.unseal(credentials.unsealKey());
        if (vaults.list().isEmpty()) {
            db.inTransaction(() -> vaults.create(DEFAULT_VAULT));
        }
        writePrivate(credentials.tokenFile(), credentials.rootToken());
        return credentials;
    }

    private Credentials initialise(Path file) {
        Credentials credentials = db.inTransaction(() -> {
            List<String> keys = seal.init(1, 1).unsealKeys();
            return new Credentials(keys.getFirst(), tokens.createRoot().token().reveal(), file, tokenFile());
        });
        try {
            writePrivate(file, JSON.writeValueAsString(credentials));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the dev credentials to " + file, e);
        }
        return credentials;
    }

    private Credentials read(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalStateException(config.dataDir() + " holds a server that was not made by --dev (no "
                    + CREDENTIALS_FILE + "); start it without --dev, or use another --data-dir");
        }
        try {
            var stored = JSON.readTree(file.toFile());
            return new Credentials(stored.get("unseal_key").asText(), stored.get("root_token").asText(), file,
                    tokenFile());
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("cannot read the dev credentials in " + file, e);
        }
    }

    private Path tokenFile() {
        return config.arcaHome().resolve("token");
    }

    /** Writes a file only its owner can read (0600), creating its directory (0700). */
    static void writePrivate(Path file, String content) {
        try {
            Path directory = Objects.requireNonNull(file.toAbsolutePath().getParent(), "a file has a directory");
            PrivateFiles.createDirectories(directory);
            Files.deleteIfExists(file);
            PrivateFiles.createFile(file);
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }
}
