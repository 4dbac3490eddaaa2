package dev.arca.server.watch;

import dev.arca.server.storage.Database;
import dev.arca.server.storage.SharedReads;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a watcher needs to know of a secret without decrypting anything: where it lives, its current version and
 * whether it is deleted. Reads only the {@code secrets} table, one short query per call: a waiting watcher holds
 * no connection. Public for the SikkerKey door's poll, which asks the same of the secrets its machines read.
 */
public final class WatchedSecrets {
    /** @param deleted soft-deleted or destroyed */
    public record State(String id, String vaultId, String path, int version, boolean deleted) {}

    private static final int IDS_PER_QUERY = 500;
    private static final String COLUMNS = "id, vault_id, path, current_version, deleted_at, destroyed_at";

    private final Database db;
    /** One change makes every watcher of a secret poll again at once: they read its state once. */
    private final SharedReads<String, Optional<State>> sharedById;

    public WatchedSecrets(Database db) {
        this.db = db;
        this.sharedById = new SharedReads<>(db);
    }

    Optional<State> byId(String id) {
        return sharedById.read(id, () -> db.read(h -> h.createQuery(
                "SELECT " + COLUMNS + " FROM secrets WHERE id = :id").bind("id", id).map((rs, ctx) -> state(rs)).findOne()));
    }

    /** The states of those of {@code ids} that exist, by id. */
    public Map<String, State> byIds(Collection<String> ids) {
        Map<String, State> found = new HashMap<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY));
            db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM secrets WHERE id IN (<ids>)")
                    .bindList("ids", chunk).map((rs, ctx) -> state(rs)).list())
                    .forEach(state -> found.put(state.id(), state));
        }
        return found;
    }

    private static State state(ResultSet rs) throws SQLException {
        boolean deleted = rs.getObject("deleted_at") != null || rs.getObject("destroyed_at") != null;
        return new State(rs.getString("id"), rs.getString("vault_id"), rs.getString("path"),
                rs.getInt("current_version"), deleted);
    }
}
