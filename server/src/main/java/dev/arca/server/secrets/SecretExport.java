package dev.arca.server.secrets;

import dev.arca.api.Export;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.server.access.Guard;
import dev.arca.server.identity.Principal;
import dev.arca.server.storage.Database;
import dev.arca.server.vaults.Names;
import dev.arca.server.vaults.VaultService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET /v1/vaults/{vault}/export?project=P}: a project's secrets as environment variables, with the
 * flattening of {@link EnvNames}: a single value is {@code NAME}, each field {@code NAME_FIELD}, where {@code NAME}
 * is the path after the project. Only secrets the caller may {@code read} are exported — the route is open to
 * every principal of the vault and each secret is authorized on its own path ({@link AuthorizedReads#mayRead}); the
 * rest are left out silently, as a listing leaves out what the caller may not list, and so is what a read of it
 * alone would answer 404 for (its current version deleted, destroyed or retired). Names two sources share are left
 * out and reported as collisions; a name whose flattening is not a valid environment name (empty, or starting with
 * a digit: {@code app/1st}) is left out too (transit keys are no secrets and never listed here). The project
 * is read {@value #PAGE} secrets at a time along the path index, never in one unbounded query, and each page in
 * two queries, not one or two per secret: its rows, then the current versions of those the caller may read
 * ({@link SecretVersions#current}), decrypted here. An unknown project exports nothing (it is not reported as
 * missing: a caller who may read nothing in a project cannot tell whether it exists). No listing is needed first:
 * a machine granted {@code read} on {@code app/**} exports {@code app} by its name or id.
 */
public final class SecretExport {
    static final int PAGE = 1000;

    private final SecretListingStore store;
    private final AuthorizedReads reads;
    private final SecretVersions versions;
    private final VaultService vaults;

    public SecretExport(Database db, SecretService secrets, VaultService vaults, Guard guard) {
        this.store = new SecretListingStore(db);
        this.vaults = vaults;
        this.reads = new AuthorizedReads(secrets, vaults, guard);
        this.versions = secrets.versions();
    }

    /**
     * @param project the project to export, by name or {@code proj_…} id ({@link VaultService#projectName}); empty =
     *     every project of the vault the caller may read
     */
    public Export export(String vaultRef, Optional<String> project, Principal caller, String sourceIp) {
        project.ifPresent(name -> Names.check("project", name));
        String vaultId = reads.requireMember(vaultRef, caller);
        String scope = project.map(idOrName -> vaults.projectName(vaultId, idOrName) + "/").orElse("");
        Map<String, List<String>> sources = new TreeMap<>();
        Map<String, SecretText> values = new HashMap<>();
        String after = "";
        List<SecretListingStore.Row> rows;
        do {
            rows = store.page(new SecretListingStore.Query(vaultId, scope, scope + Character.MAX_VALUE, after, false,
                    null, null, PAGE));
            List<String> readable = new ArrayList<>();
            for (SecretListingStore.Row row : rows) {
                if (reads.mayRead(vaultRef, row.path(), caller, sourceIp)) {
                    readable.add(row.id());
                }
            }
            for (Secret secret : versions.current(readable)) {
                // the variable name is the path after its project, whichever project that is
                flatten(secret, secret.path().substring(secret.path().indexOf('/') + 1), sources, values);
            }
            after = rows.isEmpty() ? after : rows.getLast().path();
        } while (rows.size() == PAGE);
        Map<String, SecretText> variables = new HashMap<>();
        List<Export.Collision> collisions = new ArrayList<>();
        sources.forEach((name, paths) -> {
            if (paths.size() == 1) {
                variables.put(name, values.get(name));
            } else {
                collisions.add(new Export.Collision(name, List.copyOf(new TreeSet<>(paths))));
            }
        });
        return new Export(variables, collisions);
    }

    private static void flatten(Secret secret, String name, Map<String, List<String>> sources,
            Map<String, SecretText> values) {
        if (secret.fields() == null) {
            add(EnvNames.of(name), secret.value(), secret.path(), sources, values);
        } else {
            secret.fields().forEach((field, value) -> add(EnvNames.of(name + "/" + field), value, secret.path(),
                    sources, values));
        }
    }

    private static void add(String variable, SecretText value, String path, Map<String, List<String>> sources,
            Map<String, SecretText> values) {
        if (variable.isEmpty() || Character.isDigit(variable.charAt(0))) {
            return;
        }
        sources.computeIfAbsent(variable, v -> new ArrayList<>()).add(path);
        values.put(variable, value);
    }
}
