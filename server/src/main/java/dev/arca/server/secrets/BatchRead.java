package dev.arca.server.secrets;

import dev.arca.api.Batch;
import dev.arca.api.Secret;
import dev.arca.server.access.Guard;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import dev.arca.server.vaults.VaultService;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/vaults/{vault}/secrets/batch}: up to {@value Batch#MAX_ITEMS} secrets by path and by id in one
 * request. The route is open to every principal of the vault; each item is authorized on its own path for
 * {@code read} before it is looked up ({@link AuthorizedReads}): a refused item is {@code access_denied} (even if
 * it does not exist), a missing one {@code not_found}, and neither fails the others.
 */
public final class BatchRead {
    private final AuthorizedReads reads;

    public BatchRead(SecretService secrets, VaultService vaults, Guard guard) {
        this.reads = new AuthorizedReads(secrets, vaults, guard);
    }

    public Batch.Result read(String vaultRef, Batch request, Principal caller, String sourceIp) {
        checkSize(request.paths(), request.ids());
        String vaultId = reads.requireMember(vaultRef, caller);
        Map<String, Secret> found = new HashMap<>();
        Map<String, Batch.ItemError> errors = new HashMap<>();
        for (String path : new LinkedHashSet<>(request.paths())) {
            record(path, reads.byPath(vaultRef, path, Optional.empty(), caller, sourceIp), found, errors);
        }
        for (String id : new LinkedHashSet<>(request.ids())) {
            record(id, reads.byId(vaultId, id, Optional.empty(), caller, sourceIp), found, errors);
        }
        return new Batch.Result(found, errors);
    }

    private static void record(String key, AuthorizedReads.Outcome outcome, Map<String, Secret> found,
            Map<String, Batch.ItemError> errors) {
        if (outcome.secret() != null) {
            found.put(key, outcome.secret());
        } else {
            errors.put(key, outcome.error());
        }
    }

    private static void checkSize(List<String> paths, List<String> ids) {
        if (paths.contains(null) || ids.contains(null)) {
            throw ArcaException.invalid(paths.contains(null) ? "paths" : "ids", "paths and ids are strings, not null");
        }
        int total = paths.size() + ids.size();
        if (total == 0 || total > Batch.MAX_ITEMS) {
            throw ArcaException.invalid("paths", "give 1 to " + Batch.MAX_ITEMS + " paths and ids together (got "
                    + total + ")");
        }
    }
}
