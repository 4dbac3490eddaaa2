package dev.arca.server.frontend.sikkerkey;

import dev.arca.server.storage.Database;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The version of each secret a machine last read through the SikkerKey door ({@code sikkerkey_reads}): what its
 * poll compares the current version with, since the clients ask "what changed since I read it" without saying
 * which version they hold. Written by the value reads and the export, inside their route's transaction.
 */
final class LastReads {
    private static final int IDS_PER_QUERY = 500;

    private final Database db;
    private final Clock clock;

    LastReads(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Remembers that {@code machineId} was given these versions (by secret id), in one batch. */
    void record(String machineId, Map<String, Integer> versions) {
        if (versions.isEmpty()) {
            return;
        }
        long now = clock.millis();
        db.write(h -> {
            var batch = h.prepareBatch("INSERT INTO sikkerkey_reads (machine_id, secret_id, version, read_at) "
                    + "VALUES (:machine, :secret, :version, :now) ON CONFLICT (machine_id, secret_id) "
                    + "DO UPDATE SET version = excluded.version, read_at = excluded.read_at");
            versions.forEach((secretId, version) -> batch.bind("machine", machineId).bind("secret", secretId)
                    .bind("version", version).bind("now", now).add());
            return batch.execute().length;
        });
    }

    /** The versions {@code machineId} last read of those of {@code secretIds} it has read, by secret id. */
    Map<String, Integer> of(String machineId, Collection<String> secretIds) {
        Map<String, Integer> found = new HashMap<>();
        List<String> all = List.copyOf(secretIds);
        for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY));
            db.read(h -> h.createQuery("SELECT secret_id, version FROM sikkerkey_reads WHERE machine_id = :machine "
                            + "AND secret_id IN (<ids>)").bind("machine", machineId).bindList("ids", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getString("secret_id"), rs.getInt("version"))).list())
                    .forEach(entry -> found.put(entry.getKey(), entry.getValue()));
        }
        return found;
    }
}
