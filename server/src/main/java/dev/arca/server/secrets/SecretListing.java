package dev.arca.server.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.api.Page;
import dev.arca.api.Secret;
import dev.arca.server.access.Guard;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import dev.arca.server.identity.Resource;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Paging;
import dev.arca.server.vaults.VaultService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Listing and searching a vault's secrets ({@code GET /v1/vaults/{vault}/secrets}), metadata only: no value is
 * ever decrypted (field names come from the stored {@code field_names} column).
 *
 * <p>Least privilege: the route is open to every principal of the vault, and what a page holds is decided item by
 * item — each row is shown only if the caller may {@code list} its path. So a machine granted {@code app/**} lists
 * without a prefix and sees its project, and a principal allowed one secret sees that one. Nothing tells a caller
 * about a row it may not list: a page is filled by scanning on past hidden rows until it holds {@code limit} items
 * or the range ends, {@code has_more} is true only when a further visible item exists, and the cursor names the
 * last item of the page, which the caller saw. An empty answer therefore looks the same whether the range is
 * empty or only hidden.
 *
 * <p>Every scan is a range scan of the {@code (vault_id, path)} index in path order ({@code path >= prefix AND
 * path < prefix + U+FFFF}, after the cursor), in chunks of at least {@value #SCAN_CHUNK} rows for a filtered caller
 * ({@code limit + 1} for root, who sees everything), so a prefix or a page deep into a large vault costs the same as
 * the first page. {@code project} (a name or {@code proj_…} id) narrows that range to {@code project/};
 * {@code tag} joins {@code secret_tags}; {@code recursive=false} and {@code q} (a case-insensitive substring of the
 * name) are checked in the same query. What a filtered page costs is the rows it passes over: a caller who may list
 * little of a large range (a wide prefix, no project) scans that range — narrow it with a prefix or project.
 *
 * <p>Cursors are HMAC-signed with a key made at startup ({@link ListingCursor}): they do not survive a restart.
 */
public final class SecretListing {
    private static final ObjectMapper JSON = Json.lenient();
    /** Rows read per query while a filtered caller's page fills. */
    static final int SCAN_CHUNK = 200;

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
     * @param prefix the prefix as asked ({@code ""} for the whole vault)
     * @param project the project as asked, a name or a {@code proj_…} id; null for any
     * @param recursive false lists only paths with no further {@code /} after the prefix
     * @param nameContains the lower-cased {@code q}, or null
     */
    public record Query(String prefix, @Nullable String project, boolean recursive, @Nullable String tag,
            @Nullable String nameContains, int limit, Optional<String> cursor) {

        /** Checks the query parameters; 400 naming the bad one. */
        public static Query from(Parameters parameters) {
            String prefix = checkedText("prefix", parameters.prefix().orElse(""));
            String project = parameters.project().map(p -> checkedText("project", p)).orElse(null);
            if (project != null && (project.isEmpty() || project.contains("/"))) {
                throw ArcaException.invalid("project", "project is a project's name or proj_… id, without '/'");
            }
            boolean recursive = parameters.recursive().orElse(true);
            String tag = parameters.tag().map(t -> checkedText("tag", t)).orElse(null);
            String q = parameters.q().map(text -> checkedText("q", text).toLowerCase(Locale.ROOT))
                    .filter(text -> !text.isEmpty()).orElse(null);
            int limit = Paging.limit(parameters.limit());
            return new Query(prefix, project, recursive, tag, q, limit, parameters.cursor());
        }

        /**
         * The path range listed: the prefix, narrowed to {@code projectName/} when a project is given; empty when
         * prefix and project cannot overlap (the answer is empty).
         */
        Optional<String> scope(@Nullable String projectName) {
            if (projectName == null) {
                return Optional.of(prefix);
            }
            String projectScope = projectName + "/";
            return prefix.startsWith(projectScope) ? Optional.of(prefix)
                    : projectScope.startsWith(prefix) ? Optional.of(projectScope) : Optional.empty();
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

    /**
     * Every secret of the vault {@code caller} may list, in path order, page after page: for the doors whose clients
     * do not page (SikkerKey's listing, SanctumAI's {@code list}). {@code project} (a name or {@code proj_…} id)
     * narrows them to that project.
     */
    public List<Secret.Item> all(String vaultRef, Optional<String> project, Principal caller, String sourceIp) {
        List<Secret.Item> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        Page<Secret.Item> page;
        do {
            page = list(vaultRef, Query.from(new Parameters(Optional.empty(), Optional.empty(), project,
                    Optional.empty(), Optional.empty(), Optional.of(Paging.MAX_SIZE), cursor)), caller, sourceIp);
            all.addAll(page.data());
            cursor = Optional.ofNullable(page.cursor());
        } while (page.hasMore() && cursor.isPresent());
        return all;
    }

    /**
     * One page of the secrets {@code caller} may list, in path order; 403 for a principal of another vault. A
     * project that does not exist lists nothing, as one whose secrets the caller may not list does.
     */
    public Page<Secret.Item> list(String vaultRef, Query query, Principal caller, String sourceIp) {
        String vaultId = VaultMembership.requireMember(vaults, vaultRef, caller, "list");
        String after = query.cursor().map(cursor -> cursors.decode(vaultId, cursor)).orElse("");
        String projectName = query.project() == null ? null : vaults.projectName(vaultId, query.project());
        Optional<String> scope = query.scope(projectName);
        if (scope.isEmpty()) {
            return new Page<>(List.of(), false, null);
        }
        List<SecretListingStore.Row> visible = visibleRows(vaultId, scope.get(), after, query,
                row -> caller.isRoot() || guard.permits(caller, Resource.inVault(vaultRef, row.path()),
                        Permission.LIST, sourceIp), caller.isRoot() ? query.limit() + 1
                        : Math.max(query.limit() + 1, SCAN_CHUNK));
        boolean more = visible.size() > query.limit();
        List<SecretListingStore.Row> page = more ? visible.subList(0, query.limit()) : visible;
        Map<String, List<String>> tags = store.tags(page.stream().map(SecretListingStore.Row::id).toList());
        List<Secret.Item> items = page.stream().map(row -> new Secret.Item(row.id(),
                row.path().substring(row.path().indexOf('/') + 1), row.path(), row.projectId(), row.type(),
                row.version(), fieldNames(row.fieldNames()), tags.getOrDefault(row.id(), List.of()),
                row.updatedAt())).toList();
        return new Page<>(items, more, more ? cursors.encode(vaultId, page.getLast().path()) : null);
    }

    /**
     * Up to {@code limit + 1} rows of the range after {@code after} that {@code shown} lets through, read
     * {@code chunk} rows at a time until that many are found or the range ends.
     */
    private List<SecretListingStore.Row> visibleRows(String vaultId, String scope, String after, Query query,
            Predicate<SecretListingStore.Row> shown, int chunk) {
        List<SecretListingStore.Row> visible = new ArrayList<>();
        String from = after;
        List<SecretListingStore.Row> rows;
        do {
            rows = store.page(new SecretListingStore.Query(vaultId, scope, scope + Character.MAX_VALUE, from,
                    !query.recursive(), query.tag(), query.nameContains(), chunk));
            for (SecretListingStore.Row row : rows) {
                if (shown.test(row)) {
                    visible.add(row);
                    if (visible.size() > query.limit()) {
                        return visible;
                    }
                }
            }
            from = rows.isEmpty() ? from : rows.getLast().path();
        } while (rows.size() == chunk);
        return visible;
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
