package dev.arca.server.vaults;

import dev.arca.api.Project;
import dev.arca.api.Vault;
import dev.arca.server.http.ArcaException;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arca.server.net.Cidr;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Vaults (tenant boundaries, each with its own data key) and the projects inside them. */
public final class VaultService {
    private static final String ID_PREFIX = "vault_";

    private final VaultStore store;
    private final SealService seal;
    private final Clock clock;
    private final Cache<String, List<Cidr>> allowlists = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(5)).maximumSize(10_000).build();

    public VaultService(Database db, SealService seal, Clock clock) {
        this.store = new VaultStore(db);
        this.seal = seal;
        this.clock = clock;
    }

    /** Creates a vault and its data key, in the caller's transaction. */
    public Vault create(String name) {
        Names.check("name", name);
        if (name.startsWith(ID_PREFIX)) {
            throw ArcaException.invalid("name", "a vault name may not start with '" + ID_PREFIX + "' (ids do)");
        }
        if (store.find("name", name).isPresent()) {
            throw ArcaException.conflict("a vault named '" + name + "' already exists");
        }
        var vault = new Vault(Ids.newId(ID_PREFIX), name, List.of(), clock.instant());
        store.insert(vault);
        seal.keyring().createVaultKey(vault.id());
        return vault;
    }

    /** A vault by id ({@code vault_…}) or by name; 404 otherwise. */
    public Vault resolve(String nameOrId) {
        return store.find(nameOrId.startsWith(ID_PREFIX) ? "id" : "name", nameOrId)
                .orElseThrow(() -> ArcaException.notFound("no vault '" + nameOrId + "'; `arca vault list` shows them"));
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
        allowlists.invalidate(vault.id());
        return resolve(vault.id());
    }

    public List<Vault> list() {
        return store.list();
    }

    public Project createProject(String vaultNameOrId, String name) {
        Vault vault = resolve(vaultNameOrId);
        Names.check("name", name);
        if (store.project(vault.id(), name).isPresent()) {
            throw ArcaException.conflict("project '" + name + "' already exists in vault '" + vault.name() + "'");
        }
        var project = new Project(Ids.newId("proj_"), vault.id(), name, clock.instant());
        store.insert(project);
        return project;
    }

    /** The project a secret path starts with; 404 saying how to create it. */
    public Project project(Vault vault, String name) {
        return store.project(vault.id(), name).orElseThrow(() -> ArcaException.notFound("no project '" + name
                + "' in vault '" + vault.name() + "'; create it with `arca project create " + name + "`"));
    }

    public List<Project> projects(String vaultNameOrId) {
        return store.projects(resolve(vaultNameOrId).id());
    }
}
