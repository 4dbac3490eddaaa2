package dev.arca.server.secrets;

import dev.arca.api.Page;
import dev.arca.api.Secret;
import dev.arca.api.Vault;
import dev.arca.server.auth.Principal;
import dev.arca.server.auth.Resource;
import dev.arca.server.http.ArcaException;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import dev.arca.server.vaults.VaultService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Writing, reading, listing and deleting secrets. Each write is a new version; every value is encrypted with
 * its vault's data key and associated data naming vault, secret and version, so a ciphertext copied to another
 * row does not decrypt.
 */
public final class SecretService {
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    private final SecretStore store;
    private final VaultService vaults;
    private final SealService seal;
    private final Clock clock;

    public SecretService(Database db, VaultService vaults, SealService seal, Clock clock) {
        this.store = new SecretStore(db);
        this.vaults = vaults;
        this.seal = seal;
        this.clock = clock;
    }

    /** Writes a new version at {@code path}, creating the secret on its first write. */
    public Secret.Written put(String vaultRef, String rawPath, Secret.Put request, Principal by) {
        Vault vault = vaults.resolve(vaultRef);
        var path = new SecretPath(rawPath);
        SecretValue value = SecretValue.of(request.type(), request.value(), request.fields());
        Instant now = clock.instant();
        Optional<SecretStore.Row> existing = store.byPath(vault.id(), path.value());
        String id;
        int version;
        if (existing.isPresent()) {
            id = existing.get().id();
            version = store.advance(id, value.type(), now);
        } else {
            String projectId = vaults.project(vault, path.project()).id();
            id = Ids.newId("sk_");
            version = 1;
            store.insert(new SecretStore.Row(id, vault.id(), projectId, path.value(), value.type(), version, now, now,
                    null));
        }
        byte[] ciphertext = seal.keyring().encrypt(vault.id(), value.plaintext(), associatedData(vault.id(), id, version));
        store.insertVersion(id, version, ciphertext, now, by.auditName());
        return new Secret.Written(id, path.value(), version);
    }

    public Secret read(String vaultRef, String rawPath, Optional<String> version) {
        Vault vault = vaults.resolve(vaultRef);
        var path = new SecretPath(rawPath);
        return reveal(store.byPath(vault.id(), path.value()).filter(row -> row.deletedAt() == null)
                .orElseThrow(() -> ArcaException.notFound("no secret at " + path + " in vault '" + vault.name() + "'")),
                version);
    }

    /** {@code GET /v1/secrets/{id}} (DESIGN §6). */
    public Secret readById(String id, Optional<String> version) {
        return reveal(store.byId(id).filter(row -> row.deletedAt() == null)
                .orElseThrow(() -> ArcaException.notFound("no secret with id " + id)), version);
    }

    /**
     * What a read by id touches, for authorization: the secret's path in its vault. An unknown id is a global
     * resource, which only root may read (root then learns it is missing), so nobody else can probe for ids.
     */
    public Resource resourceOf(String id) {
        return store.byId(id).map(row -> Resource.inVault(row.vaultId(), row.path()))
                .orElse(Resource.global("secrets/" + id));
    }

    private Secret reveal(SecretStore.Row row, Optional<String> requestedVersion) {
        int number = requestedVersion.map(SecretService::parseVersion).orElse(row.currentVersion());
        SecretStore.Version version = store.version(row.id(), number)
                .filter(v -> v.ciphertext() != null)
                .orElseThrow(() -> ArcaException.notFound("secret " + row.path() + " has no version " + number
                        + " (the current version is " + row.currentVersion() + ")"));
        byte[] plaintext = seal.keyring().decrypt(row.vaultId(), version.ciphertext(),
                associatedData(row.vaultId(), row.id(), number));
        SecretValue value = SecretValue.decrypted(row.type(), plaintext);
        return new Secret(row.id(), row.path(), number, value.type(), value.text(), value.fields(),
                version.createdAt());
    }

    /** Soft delete: the secret disappears from reads and lists; writing the path again brings it back. */
    public void delete(String vaultRef, String rawPath) {
        Vault vault = vaults.resolve(vaultRef);
        var path = new SecretPath(rawPath);
        SecretStore.Row row = store.byPath(vault.id(), path.value()).filter(r -> r.deletedAt() == null)
                .orElseThrow(() -> ArcaException.notFound("no secret at " + path + " in vault '" + vault.name() + "'"));
        store.softDelete(row.id(), clock.instant());
    }

    /** Secrets in path order, names only (no value is decrypted), {@code limit} per page with an opaque cursor. */
    public Page<Secret.Item> list(String vaultRef, Optional<String> prefix, Optional<String> limit,
            Optional<String> cursor) {
        Vault vault = vaults.resolve(vaultRef);
        int pageSize = limit.map(SecretService::parseLimit).orElse(DEFAULT_PAGE);
        String from = prefix.orElse("");
        if (from.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || from.length() > SecretPath.MAX_BYTES) {
            throw ArcaException.invalid("prefix", "prefix may not contain control characters or exceed "
                    + SecretPath.MAX_BYTES + " bytes");
        }
        String to = from + Character.MAX_VALUE;
        String after = cursor.map(SecretService::decodeCursor).orElse("");
        List<SecretStore.Row> rows = store.list(vault.id(), from, to, after, pageSize + 1);
        boolean more = rows.size() > pageSize;
        List<SecretStore.Row> page = more ? rows.subList(0, pageSize) : rows;
        List<Secret.Item> items = page.stream().map(row -> new Secret.Item(row.id(), row.path(), row.projectId(),
                row.type(), row.currentVersion(), row.updatedAt())).toList();
        return new Page<>(items, more, more ? encodeCursor(page.get(page.size() - 1).path()) : null);
    }

    static byte[] associatedData(String vaultId, String secretId, int version) {
        return ("arca/secret-value/v1\0" + vaultId + "\0" + secretId + "\0" + version).getBytes(StandardCharsets.UTF_8);
    }

    private static int parseVersion(String text) {
        try {
            int version = Integer.parseInt(text);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ArcaException.invalid("version", "version must be a whole number from 1");
    }

    private static int parseLimit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_PAGE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ArcaException.invalid("limit", "limit must be a whole number from 1 to " + MAX_PAGE);
    }

    private static String encodeCursor(String lastPath) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastPath.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            String path = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            new SecretPath(path);
            return path;
        } catch (IllegalArgumentException | ArcaException e) {
            throw ArcaException.invalid("cursor", "the cursor is not one this server handed out; start again "
                    + "without it");
        }
    }
}
