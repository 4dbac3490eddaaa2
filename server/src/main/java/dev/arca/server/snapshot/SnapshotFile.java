package dev.arca.server.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Snapshot;
import dev.arca.server.error.ArcaException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;

/**
 * The snapshot format, and reading it back with every check a restore needs. A snapshot is one gzip stream of JSON
 * lines:
 * <ol>
 *   <li>a header: {@code {"type":"header","format":"arca-snapshot","format_version":1,"arca_version",
 *       "schema_version","backend","saved_at","audit_head":{"seq","hash"},"tables":[…]}};
 *   <li>per table, in foreign-key order, {@code {"type":"table","name","columns":[…],"types":[…]}} (types
 *       {@code integer}, {@code text}, {@code bytes}), then one JSON array per row ({@code bytes} in base64);
 *   <li>a trailer: {@code {"type":"trailer","rows":{table: count},"sha256"}}, the SHA-256 of every uncompressed byte
 *       before the trailer line.
 * </ol>
 *
 * <p>Guarantees: {@link #read} reports a file that is cut short, changed (any byte of the content: the checksum; a
 * byte of the compressed stream: gzip's CRC or the checksum), of another format version, or of another schema version
 * than this server's, as a 400 naming what is wrong, and it does so before its visitor sees the last row, so a restore
 * that runs it once before writing anything writes nothing from a bad file. The SHA-256 is not a signature: whoever
 * can change the file can recompute it, so it finds accidents, not an attacker (keep the file as the database is
 * kept).
 */
final class SnapshotFile {
    static final String FORMAT = "arca-snapshot";
    static final int FORMAT_VERSION = 1;
    static final String TYPE = "type";
    static final String HEADER = "header";
    static final String TABLE = "table";
    static final String TRAILER = "trailer";
    static final String SHA256 = "sha256";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LINE = 64 * 1024 * 1024;

    private SnapshotFile() {}

    /** What a well-formed snapshot said about itself. */
    record Verified(String sha256, String schemaVersion, String savedBy, String savedAt, Map<String, Long> rows,
            Snapshot.@Nullable AuditPoint auditHead) {
        Snapshot.Restored restored() {
            return new Snapshot.Restored(sha256, schemaVersion, savedBy, savedAt, rows, auditHead);
        }
    }

    /** What a read hands on: each table as it starts, then its rows, checked against the table's columns. */
    interface Visitor {
        void table(SnapshotTables.Table table) throws Exception;

        void row(SnapshotTables.Table table, JsonNode values) throws Exception;

        /** The last table's rows were all given. */
        default void end() throws Exception {}
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Reads the snapshot in {@code file}, checking it against this server's {@code tables} and giving {@code visitor}
     * each table and row; the trailer is checked before {@link Visitor#end}.
     *
     * @throws ArcaException 400 {@code invalid_request} on anything wrong with the file
     */
    static Verified read(Path file, SnapshotTables tables, Visitor visitor) throws Exception {
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file), 64 * 1024))) {
            return new Reading(in, tables, visitor).read();
        } catch (EOFException e) {
            throw refused("it ends in the middle (the file was cut short: copy it again)");
        } catch (ZipException e) {
            throw refused("it is not gzip, or its compressed bytes were changed (" + e.getMessage() + ")");
        }
    }

    private static ArcaException refused(String why) {
        return ArcaException.invalid("snapshot", "the snapshot cannot be restored: " + why + "; nothing was written");
    }

    /** One pass over a snapshot: the lines, the running checksum, and where the pass stands. */
    private static final class Reading {
        private final InputStream in;
        private final SnapshotTables tables;
        private final Visitor visitor;
        private final MessageDigest digest = sha256();
        private final Map<String, Long> counts = new LinkedHashMap<>();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Reading(InputStream in, SnapshotTables tables, Visitor visitor) {
            this.in = in;
            this.tables = tables;
            this.visitor = visitor;
        }

        Verified read() throws Exception {
            JsonNode header = next(true);
            if (header == null || !header.isObject() || !HEADER.equals(header.path(TYPE).asText())
                    || !FORMAT.equals(header.path("format").asText())) {
                throw refused("it is not an Arca snapshot (no arca-snapshot header)");
            }
            int version = header.path("format_version").asInt(-1);
            if (version != FORMAT_VERSION) {
                throw refused("it is of snapshot format version " + header.path("format_version")
                        + ", and this server reads version " + FORMAT_VERSION);
            }
            String schema = header.path("schema_version").asText();
            String savedBy = header.path("arca_version").asText();
            if (!tables.schemaVersion().equals(schema)) {
                throw refused("it holds a database of schema version " + schema + " (saved by Arca " + savedBy
                        + "), and this server's is " + tables.schemaVersion() + ": restore it into the Arca version "
                        + "that saved it");
            }
            List<String> named = new ArrayList<>();
            header.path("tables").forEach(name -> named.add(name.asText()));
            if (!new TreeSet<>(named).equals(new TreeSet<>(tables.names()))) {
                throw refused("its tables " + named + " are not this server's " + tables.names());
            }
            JsonNode node = next(true);
            for (String name : named) {
                SnapshotTables.Table table = tableLine(node, name);
                visitor.table(table);
                long rows = 0;
                for (node = next(true); node != null && node.isArray(); node = next(true)) {
                    checkRow(table, node, rows + 1);
                    visitor.row(table, node);
                    rows++;
                }
                counts.put(name, rows);
            }
            String computed = HexFormat.of().formatHex(digest.digest());
            JsonNode trailer = node;
            if (trailer == null || !TRAILER.equals(trailer.path(TYPE).asText())) {
                throw refused("it ends before its trailer (the file was cut short: copy it again)");
            }
            if (!computed.equals(trailer.path(SHA256).asText())) {
                throw refused("its SHA-256 is " + computed + " but its trailer says " + trailer.path(SHA256).asText()
                        + " (the file was changed or damaged)");
            }
            Map<String, Long> said = new LinkedHashMap<>();
            trailer.path("rows").properties().forEach(e -> said.put(e.getKey(), e.getValue().asLong()));
            if (!said.equals(counts)) {
                throw refused("its trailer counts the rows " + said + " but it holds " + counts);
            }
            if (next(false) != null || in.read() >= 0) {
                throw refused("it goes on after its trailer");
            }
            visitor.end();
            JsonNode head = header.path("audit_head");
            return new Verified(computed, schema, savedBy, header.path("saved_at").asText(), counts,
                    head.isObject() ? new Snapshot.AuditPoint(head.path("seq").asLong(), head.path("hash").asText())
                            : null);
        }

        private SnapshotTables.Table tableLine(@Nullable JsonNode node, String name) {
            if (node == null || !TABLE.equals(node.path(TYPE).asText()) || !name.equals(node.path("name").asText())) {
                throw refused("table " + name + " does not start where its header says (the file was cut short or "
                        + "changed)");
            }
            SnapshotTables.Table ours = Objects.requireNonNull(tables.table(name));
            var columns = new ArrayList<SnapshotTables.Column>();
            JsonNode names = node.path("columns");
            JsonNode types = node.path("types");
            for (int i = 0; i < names.size(); i++) {
                var type = SnapshotTables.ColumnType.ofWire(types.path(i).asText());
                if (type == null) {
                    throw refused("column " + name + "." + names.get(i).asText() + " has the unknown type "
                            + types.path(i));
                }
                columns.add(new SnapshotTables.Column(names.get(i).asText(), type));
            }
            if (types.size() != names.size()
                    || !new HashSet<>(columns).equals(new HashSet<>(ours.columns()))) {
                throw refused("table " + name + " has the columns " + columns + ", and this server's has "
                        + ours.columns());
            }
            return new SnapshotTables.Table(name, List.copyOf(columns));
        }

        private static void checkRow(SnapshotTables.Table table, JsonNode row, long number) {
            var columns = table.columns();
            if (row.size() != columns.size()) {
                throw refused("row " + number + " of table " + table.name() + " has " + row.size() + " values for "
                        + columns.size() + " columns");
            }
            for (int i = 0; i < columns.size(); i++) {
                JsonNode value = row.get(i);
                boolean fits = value.isNull() || switch (columns.get(i).type()) {
                    case INTEGER -> value.isIntegralNumber() && value.canConvertToLong();
                    case TEXT -> value.isTextual();
                    case BYTES -> value.isTextual() && isBase64(value.asText());
                };
                if (!fits) {
                    throw refused("row " + number + " of table " + table.name() + " has a value of column "
                            + columns.get(i).name() + " that is not " + columns.get(i).type().wire());
                }
            }
        }

        private static boolean isBase64(String text) {
            try {
                Base64.getDecoder().decode(text);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        /** The next line as JSON (hashed unless it is the trailer's), or null at the end of the stream. */
        private @Nullable JsonNode next(boolean hashed) throws IOException {
            line.reset();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (line.size() >= MAX_LINE) {
                    throw refused("a line is longer than " + MAX_LINE + " bytes");
                }
                line.write(b);
            }
            if (b < 0 && line.size() == 0) {
                return null;
            }
            if (b < 0) {
                throw refused("its last line is cut short (the file was cut short: copy it again)");
            }
            byte[] bytes = line.toByteArray();
            JsonNode node;
            try {
                node = JSON.readTree(bytes);
            } catch (JsonProcessingException e) {
                throw refused("a line is not JSON (the file was changed or damaged)");
            }
            if (hashed && !(node.isObject() && TRAILER.equals(node.path(TYPE).asText()))) {
                digest.update(bytes);
                digest.update((byte) '\n');
            }
            return node;
        }
    }
}
