package dev.arca.server.snapshot;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * The tables a snapshot holds, read from the database's own catalogue (so a table a later migration adds is in
 * snapshots without a change here), in foreign-key order: a table comes after every table it references, so rows
 * restored in this order satisfy every constraint as they go in, on SQLite and PostgreSQL alike.
 *
 * <p>Left out, because they belong to one running server and not to the data: {@code flyway_schema_history} (the
 * target has its own; the snapshot names the schema version instead), {@code audit_heads} (where this server's audit
 * file ends; the snapshot carries the head as {@code audit_head} and the restored server's own entry records it) and
 * {@code acme_nonces} (ACME replay nonces, valid for minutes).
 */
record SnapshotTables(List<Table> tables, String schemaVersion) {
    static final Set<String> TRANSIENT = Set.of("flyway_schema_history", "audit_heads", "acme_nonces");

    /** How a column's values are written: whole numbers, text, or bytes (base64 in the file). */
    enum ColumnType {
        INTEGER, TEXT, BYTES;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static @Nullable ColumnType ofWire(String wire) {
            for (ColumnType type : values()) {
                if (type.wire().equals(wire)) {
                    return type;
                }
            }
            return null;
        }

        /** SQLite's driver reports a {@code BLOB} column as text by its SQL type: its type name says bytes. */
        static ColumnType ofSql(int sqlType, @Nullable String typeName) {
            String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
            if (name.startsWith("blob") || name.equals("bytea")) {
                return BYTES;
            }
            return switch (sqlType) {
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.BOOLEAN, Types.BIT ->
                        INTEGER;
                case Types.BLOB, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> BYTES;
                default -> TEXT;
            };
        }
    }

    record Column(String name, ColumnType type) {}

    record Table(String name, List<Column> columns) {
        List<String> columnNames() {
            return columns.stream().map(Column::name).toList();
        }
    }

    /** The tables of the database {@code handle} is connected to, and its schema version. */
    static SnapshotTables of(Handle handle) {
        try {
            Connection connection = handle.getConnection();
            DatabaseMetaData meta = connection.getMetaData();
            String schema = connection.getSchema();
            var names = new TreeSet<String>();
            try (ResultSet rs = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!TRANSIENT.contains(name) && !name.startsWith("sqlite_")) {
                        names.add(name);
                    }
                }
            }
            var columns = new TreeMap<String, List<Column>>();
            for (String name : names) {
                columns.put(name, columns(meta, schema, name));
            }
            var order = foreignKeyOrder(meta, schema, columns.keySet());
            return new SnapshotTables(order.stream().map(name -> new Table(name, columns.getOrDefault(name, List.of()))).toList(),
                    schemaVersion(handle));
        } catch (SQLException e) {
            throw new dev.arca.server.storage.StorageException("cannot read the database's tables", e);
        }
    }

    @Nullable Table table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    List<String> names() {
        return tables.stream().map(Table::name).toList();
    }

    private static List<Column> columns(DatabaseMetaData meta, @Nullable String schema, String table)
            throws SQLException {
        var columns = new TreeMap<Integer, Column>();
        try (ResultSet rs = meta.getColumns(null, schema, table, "%")) {
            while (rs.next()) {
                columns.put(rs.getInt("ORDINAL_POSITION"), new Column(rs.getString("COLUMN_NAME")
                        .toLowerCase(Locale.ROOT), ColumnType.ofSql(rs.getInt("DATA_TYPE"),
                        rs.getString("TYPE_NAME"))));
            }
        }
        return List.copyOf(columns.values());
    }

    /** Parents first (Kahn's algorithm), ties by name, so the same schema always gives the same order. */
    private static List<String> foreignKeyOrder(DatabaseMetaData meta, @Nullable String schema, Set<String> names)
            throws SQLException {
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        for (String name : names) {
            var referenced = new TreeSet<String>();
            try (ResultSet rs = meta.getImportedKeys(null, schema, name)) {
                while (rs.next()) {
                    String parent = rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!parent.equals(name) && names.contains(parent)) {
                        referenced.add(parent);
                    }
                }
            }
            parents.put(name, referenced);
        }
        var order = new ArrayList<String>();
        var left = new TreeSet<>(names);
        while (!left.isEmpty()) {
            String next = left.stream().filter(name -> order.containsAll(parents.get(name))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the foreign keys among " + left + " form a cycle"));
            order.add(next);
            left.remove(next);
        }
        return order;
    }

    private static String schemaVersion(Handle handle) {
        return handle.createQuery("""
                        SELECT version FROM flyway_schema_history WHERE success = :ok AND version IS NOT NULL
                        ORDER BY installed_rank DESC LIMIT 1""")
                .bind("ok", true)
                .mapTo(String.class).one();
    }
}
