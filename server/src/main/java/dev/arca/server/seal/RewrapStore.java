package dev.arca.server.seal;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StoredJson;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Tables {@code keyring_rotations} and {@code keyring_rewrap} (V21): the rotations and the rewrap's progress. */
final class RewrapStore {
    private final Database db;

    RewrapStore(Database db) {
        this.db = db;
    }

    /** A rotation: its term, the rewrap's batch size, when it started and when its rewrap completed. */
    record Rotation(int term, int batchSize, Instant startedAt, @Nullable Instant finishedAt) {}

    /**
     * Where the rewrap of one sealed column stands in {@code term}.
     *
     * @param position the key of the last row done, as stored (a JSON array); null before the first batch
     */
    record Progress(String column, int term, @Nullable String position, long done, long skipped, long total,
            boolean finished) {
        @Nullable List<Object> key() {
            return position == null ? null : StoredJson.read(position, new TypeReference<List<Object>>() {});
        }
    }

    Optional<Rotation> latest() {
        return db.read(h -> h.createQuery("SELECT term, batch_size, started_at, finished_at FROM keyring_rotations "
                        + "ORDER BY term DESC LIMIT 1")
                .map((rs, ctx) -> new Rotation(rs.getInt("term"), rs.getInt("batch_size"),
                        Instant.ofEpochMilli(rs.getLong("started_at")), rs.getObject("finished_at") == null ? null
                                : Instant.ofEpochMilli(rs.getLong("finished_at"))))
                .findOne());
    }

    /**
     * Records rotation {@code term} and starts its rewrap from the beginning of every column (the previous term's
     * progress is dropped); false when that term exists already (another rotation committed first).
     */
    boolean start(int term, int batchSize, Instant now, List<Progress> columns) {
        return db.write(h -> {
            int inserted = h.createUpdate("INSERT INTO keyring_rotations (term, batch_size, started_at) "
                            + "VALUES (:term, :batch, :now) ON CONFLICT (term) DO NOTHING")
                    .bind("term", term).bind("batch", batchSize).bind("now", now.toEpochMilli()).execute();
            if (inserted != 1) {
                return false;
            }
            h.createUpdate("DELETE FROM keyring_rewrap").execute();
            for (Progress column : columns) {
                h.createUpdate("INSERT INTO keyring_rewrap (column_name, term, position, done, skipped, total, "
                                + "finished) VALUES (:column, :term, NULL, 0, 0, :total, 0)")
                        .bind("column", column.column()).bind("term", term).bind("total", column.total()).execute();
            }
            return true;
        });
    }

    List<Progress> progress() {
        return db.read(h -> h.createQuery("SELECT column_name, term, position, done, skipped, total, finished "
                        + "FROM keyring_rewrap ORDER BY column_name")
                .map((rs, ctx) -> new Progress(rs.getString("column_name"), rs.getInt("term"),
                        rs.getString("position"), rs.getLong("done"), rs.getLong("skipped"), rs.getLong("total"),
                        rs.getInt("finished") == 1))
                .list());
    }

    Optional<Progress> progress(String column) {
        return progress().stream().filter(p -> p.column().equals(column)).findFirst();
    }

    /**
     * Moves a column's position on from {@code read} (compare-and-set, so two nodes never count one batch twice);
     * false when it is no longer there: another node moved it, or a new rotation started again.
     */
    boolean advance(Progress read, @Nullable List<Object> key, long done, long skipped, boolean finished) {
        return db.write(h -> {
            var update = h.createUpdate("UPDATE keyring_rewrap SET position = :position, done = done + :done, "
                            + "skipped = skipped + :skipped, finished = :finished WHERE column_name = :column "
                            + "AND term = :term AND finished = 0 AND "
                            + (read.position() == null ? "position IS NULL" : "position = :read"))
                    .bind("position", key == null ? null : StoredJson.write(key))
                    .bind("done", done).bind("skipped", skipped).bind("finished", finished ? 1 : 0)
                    .bind("column", read.column()).bind("term", read.term());
            if (read.position() != null) {
                update.bind("read", read.position());
            }
            return update.execute() == 1;
        });
    }

    /** Marks {@code term}'s rewrap complete; false when it already was. */
    boolean finish(int term, Instant now) {
        return db.write(h -> h.createUpdate("UPDATE keyring_rotations SET finished_at = :now WHERE term = :term "
                        + "AND finished_at IS NULL")
                .bind("now", now.toEpochMilli()).bind("term", term).execute()) == 1;
    }

    /** When the seal was initialized: the install time of term 1. */
    Optional<Instant> initializedAt() {
        return db.read(h -> h.createQuery("SELECT created_at FROM seal_config WHERE id = 1").mapTo(Long.class)
                .findOne().map(Instant::ofEpochMilli));
    }
}
