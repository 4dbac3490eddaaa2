package dev.arca.server.secrets;

import dev.arca.api.Batch;
import dev.arca.api.ErrorCode;
import dev.arca.api.Notation;
import dev.arca.api.Resolve;
import dev.arca.api.SecretText;
import dev.arca.server.access.Guard;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import dev.arca.server.vaults.VaultService;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /v1/vaults/{vault}/resolve}: the values behind up to {@value Batch#MAX_ITEMS} references in
 * {@link Notation}. The route is open to every principal of the vault; each reference is authorized on its own,
 * like a batch read ({@link AuthorizedReads}), and fails alone: bad notation is {@code invalid_request}, a field
 * of a single value {@code secret_structure}, an unknown field {@code field_not_found}.
 */
public final class NotationResolver {
    private final AuthorizedReads reads;

    public NotationResolver(SecretService secrets, VaultService vaults, Guard guard) {
        this.reads = new AuthorizedReads(secrets, vaults, guard);
    }

    public Resolve.Result resolve(String vaultRef, Resolve request, Principal caller, String sourceIp) {
        if (request.refs().contains(null)) {
            throw ArcaException.invalid("refs", "refs are strings, not null");
        }
        if (request.refs().isEmpty() || request.refs().size() > Batch.MAX_ITEMS) {
            throw ArcaException.invalid("refs", "give 1 to " + Batch.MAX_ITEMS + " refs (got " + request.refs().size()
                    + ")");
        }
        String vaultId = reads.requireMember(vaultRef, caller);
        Map<String, SecretText> values = new HashMap<>();
        Map<String, Batch.ItemError> errors = new HashMap<>();
        for (String ref : new LinkedHashSet<>(request.refs())) {
            Notation notation;
            try {
                notation = Notation.parse(ref);
            } catch (IllegalArgumentException e) {
                errors.put(ref, new Batch.ItemError(ErrorCode.INVALID_REQUEST.wire(), e.getMessage()));
                continue;
            }
            Optional<String> field = Optional.ofNullable(notation.field());
            String secretId = notation.secretId();
            AuthorizedReads.Outcome outcome = secretId != null
                    ? reads.byId(vaultId, secretId, field, caller, sourceIp)
                    : reads.byPath(vaultRef, Objects.requireNonNull(notation.path(), "a reference without an id has "
                            + "a path"), field, caller, sourceIp);
            if (outcome.error() != null) {
                errors.put(ref, outcome.error());
            } else if (outcome.secret() != null) {
                values.put(ref, outcome.secret().value());
            }
        }
        return new Resolve.Result(values, errors);
    }
}
