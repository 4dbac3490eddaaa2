package dev.arca.server.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.api.Page;
import dev.arca.api.Secret;
import dev.arca.api.Vault;
import dev.arca.server.access.Guard;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import dev.arca.server.identity.Resource;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Paging;
import dev.arca.server.vaults.VaultService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Listing and searching a vault's secrets ({@code GET /v1/vaults/{vault}/secrets}), metadata only: no value is
 * ever decrypted (field names come from the stored {@code field_names} column).
 *
 * <p>Every page is one range scan of the {@code (vault_id, path)} index in path order ({@code path >= prefix AND
 * path < prefix + U+FFFF}, after the cursor, {@code LIMIT n + 1}), so a prefix or a page deep into a large vault
 * costs the same as the first page. {@code project} narrows that range to {@code project/}; {@code tag} joins
 * {@code secret_tags}; {@code recursive=false} and {@code q} (a case-insensitive substring of the name) are
 * checked on the rows of the range, so a {@code q} search with few matches scans the whole vault or prefix range
 * page by page — narrow it with a prefix or project.
 *
 * <p>Items are filtered by the caller's {@code list} permission on each path. The cursor follows the unfiltered
 * page, so paging stays correct and a page may hold fewer than {@code limit} items while {@code has_more} is
 * true. Cursors are HMAC-signed with a key made at startup ({@link ListingCursor}): they do not survive a restart.
 */
public final class SecretListing {
    private static final ObjectMapper JSON = Json.lenient();

    private final SecretListingStore store;
    private final VaultService vaults;
    private final Guard guard;
    private final ListingCursor cursors;

    public SecretListing(Database db, VaultService vaults, Guard guard) {
        this(new SecretListingStore(db), vaults, guard, ListingCursor.withRandomKey());
    }

    SecretListing(SecretListingStore store, VaultService vaults, Guard guard, ListingCursor cursors) {
        this.store = store;
        this.vaults = vaults;
        this.guard = guard;
        this.cursors = cursors;
    }

    /** The query parameters of a listing, as sent; {@link Query#from} checks them. */
    public record Parameters(Optional<String> prefix, Optional<Boolean> recursive, Optional<String> project,
            Optional<String> tag, Optional<String> q, Optional<Integer> limit, Optional<String> cursor) {}

    /**
     * A listing request, checked at the edge.
     *
     * @param scope the path range listed: the prefix, narrowed to {@code project/} when a project is given;
     *     null when prefix and project cannot overlap (the answer is empty)
     * @param prefix the prefix as asked, for authorization when the scope is empty
     * @param recursive false lists only paths with no further {@code /} after the prefix
     * @param nameContains the lower-cased {@code q}, or null
     */
    public record Query(@Nullable String scope, String prefix, boolean recursive, @Nullable String tag,
            @Nullable String nameContains, int limit,
            Optional<String> cursor) {

        /** Checks the query parameters; 400 naming the bad one. */
        public static Query from(Parameters parameters) {
            String prefix = checkedText("prefix", parameters.prefix().orElse(""));
            String scope = prefix;
            Optional<String> project = parameters.project();
            if (project.isPresent()) {
                String projectScope = checkedText("project", project.get()) + "/";
                if (project.get().isEmpty() || project.get().contains("/")) {
                    throw ArcaException.invalid("project", "project is a project's name, without '/'");
                }
                scope = prefix.startsWith(projectScope) ? prefix
                        : projectScope.startsWith(prefix) ? projectScope : null;
            }
            boolean recursive = parameters.recursive().orElse(true);
            String tag = parameters.tag().map(t -> checkedText("tag", t)).orElse(null);
            String q = parameters.q().map(text -> checkedText("q", text).toLowerCase(Locale.ROOT))
                    .filter(text -> !text.isEmpty()).orElse(null);
            int limit = Paging.limit(parameters.limit());
            return new Query(scope, prefix, recursive, tag, q, limit, parameters.cursor());
        }

        /** What the route asks {@code list} permission on: the listed range. */
        public String authorizedPath() {
            return scope == null ? prefix : scope;
        }

        private static String checkedText(String name, String text) {
            if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                    || text.getBytes(StandardCharsets.UTF_8).length > SecretPath.MAX_BYTES) {
                throw ArcaException.invalid(name, name + " may not contain control characters or exceed "
                        + SecretPath.MAX_BYTES + " bytes");
            }
            return text;
        }
    }

    /** One page of the secrets {@code caller} may list, in path order. */
    public Page<Secret.Item> list(String vaultRef, Query query, Principal caller, String sourceIp) {
        Vault vault = vaults.resolve(vaultRef);
        String after = query.cursor().map(cursor -> cursors.decode(vault.id(), cursor)).orElse("");
        if (query.scope() == null) {
            return new Page<>(List.of(), false, null);
        }
        List<SecretListingStore.Row> rows = store.page(new SecretListingStore.Query(vault.id(), query.scope(),
                query.scope() + Character.MAX_VALUE, after, !query.recursive(), query.tag(), query.nameContains(),
                query.limit() + 1));
        boolean more = rows.size() > query.limit();
        List<SecretListingStore.Row> page = more ? rows.subList(0, query.limit()) : rows;
        List<SecretListingStore.Row> visible = page.stream().filter(row -> caller.isRoot()
                || guard.permits(caller, Resource.inVault(vaultRef, row.path()), Permission.LIST, sourceIp)).toList();
        Map<String, List<String>> tags = store.tags(visible.stream().map(SecretListingStore.Row::id).toList());
        List<Secret.Item> items = visible.stream().map(row -> new Secret.Item(row.id(),
                row.path().substring(row.path().indexOf('/') + 1), row.path(), row.projectId(), row.type(),
                row.version(), fieldNames(row.fieldNames()), tags.getOrDefault(row.id(), List.of()),
                row.updatedAt())).toList();
        return new Page<>(items, more, more ? cursors.encode(vault.id(), page.getLast().path()) : null);
    }

    private static @Nullable List<String> fieldNames(@Nullable String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored field_names column is not a JSON array of strings", e);
        }
    }
}
