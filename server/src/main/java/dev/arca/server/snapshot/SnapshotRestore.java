package dev.arca.server.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Database;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Restores a snapshot into a database that holds no data: the whole file is read and checked first
 * ({@link #verify}, no transaction open), then, in the request's one transaction, the target is checked empty and
 * every row inserted, table by table in the snapshot's foreign-key order. The second pass repeats every check, so a
 * file changed between the two passes rolls back whole. Nothing is decrypted: the restored server is sealed and its
 * unseal keys are those of the server that was saved.
 */
final class SnapshotRestore {
    private static final int BATCH = 500;

    private final Database db;

    SnapshotRestore(Database db) {
        this.db = db;
    }

    /** Reads the whole file and checks it against this server's schema; writes nothing. */
    SnapshotFile.Verified verify(Path file) throws Exception {
        SnapshotTables tables = db.read(SnapshotTables::of);
        return SnapshotFile.read(file, tables, new SnapshotFile.Visitor() {
            @Override
            public void table(SnapshotTables.Table table) {}

            @Override
            public void row(SnapshotTables.Table table, JsonNode values) {}
        });
    }

    /**
     * Inserts every row of {@code file} (already {@link #verify verified}) inside the transaction open now.
     *
     * @throws ArcaException 409 {@code conflict} when the server is initialized or any table holds a row
     */
    SnapshotFile.Verified restore(Path file, SnapshotFile.Verified verified) throws Exception {
        return db.write(handle -> {
            try {
                SnapshotTables tables = SnapshotTables.of(handle);
                requireEmpty(handle, tables);
                var inserter = new Inserter(handle);
                SnapshotFile.Verified again = SnapshotFile.read(file, tables, inserter);
                if (!again.sha256().equals(verified.sha256())) {
                    throw ArcaException.invalid("snapshot", "the snapshot file changed while it was being restored; "
                            + "nothing was written");
                }
                return again;
            } catch (ArcaException | dev.arca.server.storage.StorageException e) {
                throw e;
            } catch (SQLException e) {
                throw new dev.arca.server.storage.StorageException("cannot restore the snapshot", e);
            } catch (Exception e) {
                throw new IllegalStateException("cannot restore the snapshot", e);
            }
        });
    }

    private static void requireEmpty(Handle handle, SnapshotTables tables) {
        for (var table : tables.tables()) {
            boolean any = handle.createQuery("SELECT 1 FROM " + table.name() + " LIMIT 1").mapTo(Integer.class)
                    .findOne().isPresent();
            if (any) {
                throw notEmpty(table.name().equals("seal_config") ? "it is initialized"
                        : "its table " + table.name() + " holds rows");
            }
        }
    }

    /** 409: the target holds data; {@code what} says which. */
    static ArcaException notEmpty(String what) {
        return ArcaException.conflict("a snapshot is restored only into an empty server that was never "
                + "initialized, and this one is not (" + what + "): start a server on a new data directory or an "
                + "empty database, and restore there; nothing was written");
    }

    /** Batched inserts of one table at a time, each value bound as its column's type. */
    private static final class Inserter implements SnapshotFile.Visitor {
        private final Handle handle;
        private @Nullable PreparedStatement insert;
        private int pending;

        Inserter(Handle handle) {
            this.handle = handle;
        }

        @Override
        public void table(SnapshotTables.Table table) throws SQLException {
            flush();
            List<String> columns = table.columnNames();
            insert = handle.getConnection().prepareStatement("INSERT INTO " + table.name() + " ("
                    + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")");
        }

        @Override
        public void row(SnapshotTables.Table table, JsonNode values) throws SQLException {
            PreparedStatement statement = Objects.requireNonNull(insert, "a table starts before its rows");
            var columns = table.columns();
            for (int i = 0; i < columns.size(); i++) {
                bind(statement, i + 1, columns.get(i).type(), values.get(i));
            }
            statement.addBatch();
            if (++pending == BATCH) {
                statement.executeBatch();
                pending = 0;
            }
        }

        @Override
        public void end() throws SQLException {
            flush();
        }

        private void flush() throws SQLException {
            if (insert != null) {
                if (pending > 0) {
                    insert.executeBatch();
                }
                insert.close();
                insert = null;
                pending = 0;
            }
        }

        private static void bind(PreparedStatement statement, int index, SnapshotTables.ColumnType type,
                JsonNode value) throws SQLException {
            switch (type) {
                case INTEGER -> {
                    if (value.isNull()) {
                        statement.setNull(index, Types.BIGINT);
                    } else {
                        statement.setLong(index, value.asLong());
                    }
                }
                case TEXT -> {
                    if (value.isNull()) {
                        statement.setNull(index, Types.VARCHAR);
                    } else {
                        statement.setString(index, value.asText());
                    }
                }
                case BYTES -> {
                    if (value.isNull()) {
                        statement.setNull(index, Types.BINARY);
                    } else {
                        statement.setBytes(index, Base64.getDecoder().decode(value.asText()));
                    }
                }
            }
        }
    }
}
