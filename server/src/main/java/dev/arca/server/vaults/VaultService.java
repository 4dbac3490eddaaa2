package dev.arca.server.vaults;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arca.api.Project;
import dev.arca.api.Vault;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import dev.arca.server.invalidation.Invalidation;
import dev.arca.server.invalidation.Invalidations;
import dev.arca.server.net.Cidr;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Vaults (tenant boundaries, each with its own data key) and the projects inside them. */
public final class VaultService {
    private static final String ID_PREFIX = "vault_";
    /** The vault clients fall back to when none is chosen (and the one {@code --dev} makes). */
    private static final String DEFAULT = "default";
    /** As {@code SecretPath.MAX_BYTES}: a rename may not push a secret path past it. */
    private static final int MAX_PATH_BYTES = 512;

    private final Database db;
    private final VaultStore store;
    private final SealService seal;
    private final VaultContents contents;
    private final Clock clock;
    private final Invalidations invalidations;
    private final Cache<String, List<Cidr>> allowlists = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(5)).maximumSize(10_000).build();
    /**
     * Vaults by the name or id callers gave, read on nearly every request. This node forgets a vault it renames or
     * deletes at once; other nodes may go on resolving its old name (or a deleted vault) for at most the same 5 s
     * as {@link #allowlists}.
     */
    private final Cache<String, Vault> resolved = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(5)).maximumSize(10_000).build();

    public VaultService(Database db, SealService seal, Clock clock) {
        this(db, seal, clock, new Invalidations(db));
    }

    /**
     * @param invalidations the node's change feed: a project rename (every path under it moves) and a vault's
     *     deletion are published to it as {@link Invalidation.VaultChanged}
     */
    public VaultService(Database db, SealService seal, Clock clock, Invalidations invalidations) {
        this.invalidations = invalidations;
        this.db = db;
        this.store = new VaultStore(db);
        this.seal = seal;
        this.contents = new VaultContents(db);
        this.clock = clock;
    }

    /** Creates a vault and its data key, in the caller's transaction. */
    public Vault create(String name) {
        checkFreeName(name);
        var vault = new Vault(Ids.newId(ID_PREFIX), name, List.of(), clock.instant());
        store.insert(vault);
        seal.keyring().createVaultKey(vault.id());
        return vault;
    }

    /**
     * Renames a vault: its id, and so every ciphertext's associated data, policy, token and machine identity, stay;
     * only the name callers use changes. 400 for a name create would refuse, 409 when a vault has that name.
     */
    public Vault rename(String nameOrId, String newName) {
        Vault vault = resolve(nameOrId);
        if (!newName.equals(vault.name())) {
            checkFreeName(newName);
            store.rename(vault.id(), newName);
            forget(vault);
        }
        return resolve(vault.id());
    }

    /**
     * Deletes a vault, in the caller's transaction: every row it holds, then its data key, so a ciphertext of it
     * left anywhere (a stray copy of a row) can no longer be decrypted; only a backup taken before still holds the
     * key. A vault that holds anything (projects,
     * secrets, identities, policies, engine keys) is refused with 409 naming what it holds, unless {@code force};
     * so is the vault named {@code default} (where clients go when none is chosen) even when empty. Refused even
     * with {@code force} while leases still owe a clean-up outside Arca (database users), which only their revocation
     * undoes.
     *
     * @return what the vault held, as the refusal would have named it (empty for an empty vault), for the audit trail
     */
    public String delete(String nameOrId, boolean force) {
        Vault vault = resolve(nameOrId);
        String held = contents.summary(vault.id());
        if (!force && !held.isEmpty()) {
            throw ArcaException.conflict("vault '" + vault.name() + "' is not empty (" + held + "); delete it with "
                    + "everything in it: arca vault delete " + vault.name() + " --force (force=true on the API)");
        }
        if (!force && vault.name().equals(DEFAULT)) {
            throw ArcaException.conflict("the vault 'default' is where clients go when no vault is chosen; delete "
                    + "it anyway with: arca vault delete default --force (force=true on the API)");
        }
        long owed = contents.owedCleanups(vault.id());
        if (owed > 0) {
            throw ArcaException.conflict("vault '" + vault.name() + "' has " + owed + " lease" + (owed == 1 ? "" : "s")
                    + " whose database users are not dropped yet; revoke them first (arca lease revoke), then "
                    + "delete the vault");
        }
        contents.wipe(vault.id());
        seal.keyring().destroyVaultKey(vault.id());
        forget(vault);
        return held;
    }

    private void checkFreeName(String name) {
        Names.check("name", name);
        if (name.startsWith(ID_PREFIX)) {
            throw ArcaException.invalid("name", "a vault name may not start with '" + ID_PREFIX + "' (ids do)");
        }
        if (store.find("name", name).isPresent()) {
            throw ArcaException.conflict("a vault named '" + name + "' already exists");
        }
    }

    private void forget(Vault vault) {
        invalidations.publish(new Invalidation.VaultChanged(vault.id()));
        db.nowAndAfterTransaction(() -> {
            allowlists.invalidate(vault.id());
            resolved.invalidateAll(List.of(vault.id(), vault.name()));
        });
    }

    /** A vault by id ({@code vault_…}) or by name; 404 otherwise. */
    public Vault resolve(String nameOrId) {
        Vault cached = resolved.getIfPresent(nameOrId);
        if (cached != null) {
            return cached;
        }
        Vault vault = store.find(nameOrId.startsWith(ID_PREFIX) ? "id" : "name", nameOrId)
                .orElseThrow(() -> ArcaException.notFound("no vault '" + nameOrId + "'; `arca vault list` shows them"));
        if (!db.isTransactionOpen()) {
            resolved.put(nameOrId, vault);
        }
        return vault;
    }

    /** The vault's id for a name or id; 404 when there is none. */
    public String idOf(String nameOrId) {
        return resolve(nameOrId).id();
    }

    /**
     * Whether a principal of {@code vaultId} may call from {@code sourceIp}. Answered from a short-lived cache:
     * this runs on every request.
     */
    public boolean allows(String vaultId, String sourceIp) {
        List<Cidr> ranges = allowlists.get(vaultId, id -> store.find("id", id)
                .map(v -> v.allowedCidrs().stream().map(Cidr::parse).toList()).orElse(List.of()));
        return ranges.isEmpty() || ranges.stream().anyMatch(range -> range.contains(sourceIp));
    }

    /** Replaces the vault's IP allowlist; an empty list allows any address. */
    public Vault updateAllowlist(String nameOrId, List<String> cidrs) {
        Vault vault = resolve(nameOrId);
        List<String> normalised = new java.util.ArrayList<>();
        for (String cidr : cidrs == null ? List.<String>of() : cidrs) {
            try {
                normalised.add(Cidr.parse(cidr).toString());
            } catch (IllegalArgumentException e) {
                throw ArcaException.invalid("allowed_cidrs", e.getMessage());
            }
        }
        store.setAllowedCidrs(vault.id(), normalised);
        forget(vault);
        return resolve(vault.id());
    }

    public List<Vault> list() {
        return store.list();
    }

    /** Creates a project; the name of a deleted project brings that project (and its deleted secrets) back. */
    public Project createProject(String vaultNameOrId, String name) {
        Vault vault = resolve(vaultNameOrId);
        Names.check("name", name);
        if (store.project(vault.id(), name).isPresent()) {
            throw ArcaException.conflict("project '" + name + "' already exists in vault '" + vault.name() + "'");
        }
        store.anyProjectId(vault.id(), name).ifPresentOrElse(store::revive,
                () -> store.insert(new Project(Ids.newId("proj_"), vault.id(), name, clock.instant(), 0)));
        return project(vault, name);
    }

    /**
     * Renames a project (every secret path follows in one statement; ids and ciphertexts stay, so nothing is
     * re-encrypted) and/or sets how many versions its secrets keep unless they set their own.
     */
    public Project updateProject(String vaultNameOrId, String name, Project.Update update) {
        Vault vault = resolve(vaultNameOrId);
        Project project = project(vault, name);
        Integer maxVersions = VersionLimits.check(update.maxVersions());
        String newName = update.name() == null ? name : Names.check("name", update.name());
        if (!newName.equals(name)) {
            if (store.anyProjectId(vault.id(), newName).isPresent()) {
                throw ArcaException.conflict("the name '" + newName + "' is taken by another project in vault '"
                        + vault.name() + "' (deleted projects keep their names)");
            }
            if (store.longestPath(project.id()) - name.length() + newName.length() > MAX_PATH_BYTES) {
                throw ArcaException.invalid("name", "with the name '" + newName + "' a secret path would exceed "
                        + MAX_PATH_BYTES + " bytes");
            }
            store.rename(project.id(), name, newName);
            invalidations.publish(new Invalidation.VaultChanged(vault.id()));
        }
        if (maxVersions != null) {
            store.setMaxVersions(project.id(), maxVersions);
        }
        return project(vault, newName);
    }

    /**
     * Deletes a project that holds no live secrets; with {@code force}, soft-deletes its secrets first. 409 saying
     * how many live secrets it holds otherwise, and 409 while it holds transit keys, even with {@code force}: a
     * deleted transit key is gone for good, so each is deleted on its own. The name stays taken: creating it again
     * brings it back.
     */
    public void deleteProject(String vaultNameOrId, String name, boolean force, ProjectSecrets secrets,
            Principal by) {
        Vault vault = resolve(vaultNameOrId);
        Project project = project(vault, name);
        long keys = store.engineKeys(project.id());
        if (keys > 0) {
            throw ArcaException.conflict("project '" + name + "' still holds " + keys + " transit key"
                    + (keys == 1 ? "" : "s") + "; delete each with DELETE /v1/vaults/{vault}/transit/{path} first");
        }
        long live = store.liveSecrets(project.id());
        if (live > 0) {
            if (!force) {
                throw ArcaException.conflict("project '" + name + "' still holds " + live + " secret"
                        + (live == 1 ? "" : "s") + "; delete them first, or delete them with it: arca project delete " + name
                        + " --force (force=true on the API)");
            }
            secrets.deleteAll(vault.id(), project.id(), by);
        }
        store.markDeleted(project.id(), clock.instant());
    }

    /** The project a secret path starts with; 404 saying how to create it. */
    public Project project(Vault vault, String name) {
        return store.project(vault.id(), name).orElseThrow(() -> ArcaException.notFound("no project '" + name
                + "' in vault '" + vault.name() + "'; create it with `arca project create " + name + "`"));
    }

    /**
     * The name of the live project {@code idOrName} names in the vault: a {@code proj_…} id of one of its projects,
     * else a name, returned as given (whether or not such a project exists: the callers answer an unknown project
     * like an empty one). A name is a valid {@code proj_…} string too, so an id is looked up first and a string that
     * is no project's id is taken as a name.
     */
    public String projectName(String vaultId, String idOrName) {
        if (idOrName.startsWith("proj_")) {
            Optional<Project> byId = store.projectById(vaultId, idOrName);
            if (byId.isPresent()) {
                return byId.get().name();
            }
        }
        return idOrName;
    }

    public List<Project> projects(String vaultNameOrId) {
        return store.projects(resolve(vaultNameOrId).id());
    }
}
