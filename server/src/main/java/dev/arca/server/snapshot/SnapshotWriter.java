package dev.arca.server.snapshot;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.server.audit.AuditHeadStore;
import dev.arca.server.storage.Database;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Writes a snapshot ({@link SnapshotFile} describes the format) of every table in one consistent read
 * ({@link Database#inReadSnapshot}): writes committed meanwhile are not in it, and none waits for it.
 *
 * <p>Guarantees: the rows are the database's as stored, so encrypted values stay encrypted under the keyring, which
 * the root key (the unseal keys) protects; names, paths, policies, token hashes and the audit head are not encrypted
 * and the file must be kept as the database is. The trailer's SHA-256 lets a restore find a cut or changed file.
 */
final class SnapshotWriter {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);

    private final Database db;
    private final AuditHeadStore auditHeads;
    private final String arcaVersion;

    SnapshotWriter(Database db, AuditHeadStore auditHeads, String arcaVersion) {
        this.db = db;
        this.auditHeads = auditHeads;
        this.arcaVersion = arcaVersion;
    }

    void write(OutputStream out) throws IOException {
        var gzip = new GZIPOutputStream(out, 64 * 1024);
        var digest = new DigestOutputStream(gzip, SnapshotFile.sha256());
        try {
            db.inReadSnapshot(() -> db.read(handle -> writeAll(handle, gzip, digest)));
        } catch (SnapshotStreamException e) {
            throw e.io();
        }
        gzip.finish();
        gzip.flush();
    }

    private @Nullable Void writeAll(org.jdbi.v3.core.Handle handle, OutputStream gzip, DigestOutputStream digest) {
        try {
            SnapshotTables tables = SnapshotTables.of(handle);
            writeLine(digest, header(tables));
            var counts = new LinkedHashMap<String, Long>();
            for (var table : tables.tables()) {
                counts.put(table.name(), writeTable(digest, handle.getConnection(), table));
            }
            // the trailer is the one line its own checksum does not cover
            writeLine(gzip, ordered(SnapshotFile.TYPE, SnapshotFile.TRAILER, "rows", counts,
                    SnapshotFile.SHA256, HexFormat.of().formatHex(digest.getMessageDigest().digest())));
            return null;
        } catch (IOException e) {
            throw new SnapshotStreamException(e);
        } catch (SQLException e) {
            throw new dev.arca.server.storage.StorageException("cannot read the database for the snapshot", e);
        }
    }

    private Map<String, Object> header(SnapshotTables tables) {
        var header = new LinkedHashMap<String, Object>();
        header.put(SnapshotFile.TYPE, SnapshotFile.HEADER);
        header.put("format", SnapshotFile.FORMAT);
        header.put("format_version", SnapshotFile.FORMAT_VERSION);
        header.put("arca_version", arcaVersion);
        header.put("schema_version", tables.schemaVersion());
        header.put("backend", db.url().kind().name().toLowerCase(Locale.ROOT));
        header.put("saved_at", Instant.now().toString());
        auditHeads.find().ifPresent(heads -> header.put("audit_head",
                ordered("seq", heads.last().seq(), "hash", heads.last().hash())));
        header.put("tables", tables.names());
        return header;
    }

    private static long writeTable(OutputStream out, java.sql.Connection connection, SnapshotTables.Table table)
            throws IOException, SQLException {
        writeLine(out, ordered(SnapshotFile.TYPE, SnapshotFile.TABLE, "name", table.name(),
                "columns", table.columnNames(),
                "types", table.columns().stream().map(column -> column.type().wire()).toList()));
        long rows = 0;
        try (Statement select = connection.createStatement()) {
            select.setFetchSize(500);
            try (ResultSet rs = select.executeQuery("SELECT " + String.join(", ", table.columnNames()) + " FROM "
                    + table.name())) {
                var columns = table.columns();
                while (rs.next()) {
                    try (JsonGenerator line = JSON.createGenerator(out)) {
                        line.writeStartArray();
                        for (int i = 0; i < columns.size(); i++) {
                            writeValue(line, rs, i + 1, columns.get(i).type());
                        }
                        line.writeEndArray();
                    }
                    out.write('\n');
                    rows++;
                }
            }
        }
        return rows;
    }

    private static void writeValue(JsonGenerator line, ResultSet rs, int index, SnapshotTables.ColumnType type)
            throws IOException, SQLException {
        switch (type) {
            case INTEGER -> {
                long value = rs.getLong(index);
                if (rs.wasNull()) {
                    line.writeNull();
                } else {
                    line.writeNumber(value);
                }
            }
            case BYTES -> {
                byte[] value = rs.getBytes(index);
                if (value == null) {
                    line.writeNull();
                } else {
                    line.writeString(Base64.getEncoder().encodeToString(value));
                }
            }
            case TEXT -> {
                String value = rs.getString(index);
                if (value == null) {
                    line.writeNull();
                } else {
                    line.writeString(value);
                }
            }
        }
    }

    private static Map<String, Object> ordered(Object... namesAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    private static void writeLine(OutputStream out, Object value) throws IOException {
        out.write(JSON.writeValueAsBytes(value));
        out.write('\n');
    }

    /** The caller went away mid-stream: carried out of the read callback, which may not throw it. */
    static final class SnapshotStreamException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SnapshotStreamException(IOException cause) {
            super(cause);
        }

        IOException io() {
            return (IOException) Objects.requireNonNull(getCause());
        }
    }
}
