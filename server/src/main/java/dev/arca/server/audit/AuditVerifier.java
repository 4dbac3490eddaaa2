package dev.arca.server.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.AuditVerification;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Checks an audit trail written by {@link AuditTrail}: every line must be a JSON object whose {@code prev_hash} is the
 * previous line's {@code hash} (64 zeros for the first line), whose {@code hash} matches its content and whose
 * {@code seq} is one more than the previous line's. A {@code break} entry (written by the server when the file did not
 * continue where it should) may start a new segment: its seq may jump forward and its prev_hash names where the
 * chain was meant to continue; it is reported as a note, not as an error. A file that starts with a {@code rotated}
 * entry (the server rotated the file before it away) is anchored by that line: its prev_hash and seq must be the
 * previous file's last hash and seq as its details name them. Several files are checked as one chain
 * ({@link #verify(List)}): put in order by their first seq, each must start where the one before ends, so a
 * missing, repeated or foreign file in the sequence is reported. A {@code .gz} file is read decompressed.
 *
 * <p>Guarantees: a changed, removed, inserted or reordered line, and a last line cut short, are reported, with the
 * number of the first line that is wrong and a reason a person can act on. With the chain key
 * ({@link #verify(Path, Optional, ChainKey)}, what the server runs) a line whose MAC does not match is reported as
 * rewritten, and with the head the database keeps, a missing file, lines removed from the end and a rewritten head
 * entry are reported too ({@link AuditHeadCheck}). Offline ({@link #verify(Path)}) neither is possible, and the
 * answer says so in its notes. The file is streamed, so its size does not matter.
 */
public final class AuditVerifier {
    private static final TypeReference<TreeMap<String, Object>> LINE = new TypeReference<>() {};
    static final String OFFLINE_LIMITS = "checked here without the server: the hash chain and seq numbers "
            + "only. Lines removed from the end, a removed file and every line rewritten with fresh hashes are not "
            + "visible without the server's database and chain key; run `arca audit verify` without FILE to have the "
            + "server check its own file";

    private AuditVerifier() {}

    /**
     * Verifies the chain of {@code file} without a key or a database; every line is read, so {@code entries} is the
     * number of lines in the file even when an earlier one is bad. A missing file is reported as not intact.
     *
     * @throws UncheckedIOException if the file cannot be read
     */
    public static AuditVerification verify(Path file) {
        return verify(List.of(file));
    }

    /**
     * Verifies {@code files}, the current audit file and those rotated away before it, as one chain without a key or
     * a database: they are put in order by their first entry's seq (so a shell glob's order does not matter), the
     * first may start the chain or be anchored by a {@code rotated} entry, and each later one must start with the
     * entry that follows the last line of the one before it.
     *
     * @throws UncheckedIOException if a file cannot be read
     * @throws IllegalArgumentException if {@code files} is empty
     */
    public static AuditVerification verify(List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("name at least one audit file to verify");
        }
        var name = String.join(", ", files.stream().map(Path::toString).toList());
        for (var file : files) {
            if (!Files.isRegularFile(file)) {
                return missing(file, List.of(OFFLINE_LIMITS));
            }
        }
        var ordered = files.stream().sorted(Comparator.comparingLong(AuditVerifier::firstSeq)).toList();
        var total = new Scan();
        @Nullable Previous carried = null;
        @Nullable Path before = null;
        for (var file : ordered) {
            var scan = scan(file, ChainKey.NONE, carried, before);
            total.entries += scan.entries;
            total.notes.addAll(scan.notes);
            if (scan.reason != null && total.reason == null) {
                total.firstBad = scan.firstBad;
                total.reason = ordered.size() == 1 ? scan.reason : file + ": " + scan.reason;
            }
            carried = scan.last;
            before = file;
        }
        total.notes.add(OFFLINE_LIMITS);
        return new AuditVerification(total.reason == null, name, total.entries, total.firstBad, total.reason,
                total.notes);
    }

    /**
     * Verifies {@code file} as the server does: the chain, every MAC under {@code key}, and that the file holds
     * {@code heads}, the last entries its database records as written.
     *
     * @throws UncheckedIOException if the file cannot be read
     */
    public static AuditVerification verify(Path file, Optional<AuditHeadStore.Heads> heads, ChainKey key) {
        if (!Files.isRegularFile(file)) {
            return missing(file, List.of());
        }
        var scan = scan(file, key, null, null);
        if (scan.firstBad == null) {
            var forged = heads.map(AuditHeadStore.Heads::keyed)
                    .filter(h -> h.mac() != null && !key.verify(h.hash(), h.mac()).orElse(true));
            if (forged.isPresent()) {
                scan.reason = "the head the database records for this file (entry seq " + forged.get().seq()
                        + ") has a MAC the chain key did not make: the database was changed";
            } else {
                AuditHeadCheck.check(file, heads).ifPresent(mismatch -> scan.reason = mismatch.message());
            }
        }
        if (scan.macsMissing > 0) {
            scan.notes.add(scan.macsMissing + " entries carry no MAC: they were written while the server was sealed "
                    + "or before init; each is covered by the MAC of the next entry that has one (whose hash chains "
                    + "onto it), or by the head in the database when none follows");
        }
        return scan.result(file);
    }

    private static AuditVerification missing(Path file, List<String> notes) {
        return new AuditVerification(false, file.toString(), 0, null, "there is no audit file at "
                + file.toAbsolutePath() + ": it was removed, or the path is wrong", notes);
    }

    /**
     * {@code carried}: the last line of {@code before}, the file this one must continue; null for the first file,
     * which may start the chain or be anchored by a rotated entry.
     */
    private static Scan scan(Path file, ChainKey key, @Nullable Previous carried, @Nullable Path before) {
        try (var in = new BufferedInputStream(read(file), 1 << 16)) {
            return scan(in, key, carried, before);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit trail " + file.toAbsolutePath(), e);
        }
    }

    /** What a pass over the file found; {@code reason} without {@code firstBad} is a problem of the whole file. */
    private static final class Scan {
        long entries;
        /** The last line that checked out; null when the first one did not. */
        @Nullable Previous last;
        @Nullable Long firstBad;
        @Nullable String reason;
        long macsMissing;
        final List<String> notes = new ArrayList<>();

        AuditVerification result(Path file) {
            return new AuditVerification(reason == null, file.toString(), entries, firstBad, reason, notes);
        }
    }

    private static Scan scan(InputStream in, ChainKey key, @Nullable Previous carried, @Nullable Path before)
            throws IOException {
        var scan = new Scan();
        var line = new ByteArrayOutputStream(1024);
        var previous = carried != null ? carried : new Previous(AuditChain.START_HASH, 0);
        while (true) {
            line.reset();
            boolean complete = readLine(in, line);
            if (!complete && line.size() == 0) {
                break;
            }
            long number = ++scan.entries;
            if (scan.firstBad != null) {
                continue;
            }
            String problem;
            if (!complete) {
                problem = "line " + number + " was cut short: the file ends in the middle of it";
            } else {
                var check = check(line.toByteArray(), number, previous, key, scan, before);
                problem = check.problem();
                if (problem == null) {
                    previous = Objects.requireNonNull(check.next(), "a line without a problem has a next");
                    scan.last = previous;
                }
            }
            if (problem != null) {
                scan.firstBad = number;
                scan.reason = problem;
            }
        }
        return scan;
    }

    /** The hash and seq the next line must follow; seq 0 before the first line and for lines older than seq. */
    private record Previous(String hash, long seq) {}

    private record LineCheck(@Nullable Previous next, @Nullable String problem) {
        static LineCheck bad(String problem) {
            return new LineCheck(null, problem);
        }
    }

    /** {@code before}: the file this one continues, whose last line {@code previous} is; null for the first file. */
    private static LineCheck check(byte[] bytes, long number, Previous previous, ChainKey key, Scan scan,
            @Nullable Path before) {
        TreeMap<String, Object> fields;
        try {
            fields = AuditChain.CANONICAL.readValue(bytes, LINE);
        } catch (IOException e) {
            return LineCheck.bad("line " + number + " is not valid JSON");
        }
        if (fields == null) {
            return LineCheck.bad("line " + number + " is not valid JSON");
        }
        var hash = fields.remove(AuditChain.HASH);
        var mac = fields.remove(AuditChain.MAC);
        var prev = fields.get(AuditChain.PREV_HASH);
        if (!(hash instanceof String hashText) || !(prev instanceof String prevText) || !AuditChain.isHash(hashText)
                || !AuditChain.isHash(prevText)) {
            return LineCheck.bad("line " + number + " is not an audit entry: it lacks a valid hash or prev_hash");
        }
        boolean isBreak = "break".equals(fields.get(AuditChain.TYPE));
        if (number == 1 && before == null && "rotated".equals(fields.get(AuditChain.TYPE))) {
            var anchor = anchor(fields.get("details"));
            if (anchor == null) {
                return LineCheck.bad("line 1 is a rotated entry without a valid previous_seq and previous_hash in its "
                        + "details: it was changed");
            }
            previous = anchor.previous();
            scan.notes.add("line 1 continues " + anchor.file() + ", which ended at seq " + previous.seq()
                    + ": this file was rotated; name the files before it too (arca audit verify FILE.1 FILE) to check "
                    + "the chain across them");
        }
        if (!isBreak && !prevText.equals(previous.hash())) {
            return LineCheck.bad(number != 1
                    ? "line " + number + " does not follow line " + (number - 1)
                            + ": a line was removed, inserted or reordered"
                    : before != null
                            ? "line 1 does not continue " + before + ", which ends at seq " + previous.seq()
                                    + ": a file between them is missing, or they are not files of one trail"
                            : "line 1 does not start the chain: lines were removed from the beginning, or it was "
                                    + "inserted");
        }
        var seqProblem = seqProblem(fields.get(AuditChain.SEQ), number, previous, isBreak);
        if (seqProblem != null) {
            return LineCheck.bad(seqProblem);
        }
        String recomputed;
        try {
            recomputed = AuditChain.hash(prevText, fields);
        } catch (IOException e) {
            return LineCheck.bad("line " + number + " is not valid JSON");
        }
        if (!recomputed.equals(hash)) {
            return LineCheck.bad("line " + number + " was changed: its hash does not match its content");
        }
        if (mac != null && (!AuditChain.isMac(mac) || !key.verify(hashText, (String) mac).orElse(true))) {
            return LineCheck.bad("line " + number + " was rewritten: its MAC is not the chain key's MAC of its hash, "
                    + "so the line (or one before it) was replaced by someone without the key");
        }
        if (mac == null && fields.containsKey(AuditChain.SEQ)) {
            scan.macsMissing++;
        }
        long seq = fields.get(AuditChain.SEQ) instanceof Number n ? n.longValue() : 0;
        if (isBreak) {
            scan.notes.add("line " + number + " records a break in the chain (" + fields.get("details")
                    + "): the server found the file not ending where its database said, and went on from here");
        }
        return new LineCheck(new Previous(hashText, seq), null);
    }

    /** The previous file a rotated entry names, and the last line it says that file ended with. */
    private record Anchor(String file, Previous previous) {}

    private static @Nullable Anchor anchor(@Nullable Object details) {
        if (!(details instanceof Map<?, ?> named) || !(named.get("previous_hash") instanceof String hash)
                || !AuditChain.isHash(hash) || !(named.get("previous_seq") instanceof String seq)) {
            return null;
        }
        try {
            return new Anchor(String.valueOf(named.get("previous_file")), new Previous(hash, Long.parseLong(seq)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The seq of a file's first line, for putting files in chain order; 0 when it has none or is not an entry. */
    private static long firstSeq(Path file) {
        try (var in = new BufferedInputStream(read(file))) {
            var line = new ByteArrayOutputStream(1024);
            readLine(in, line);
            var fields = AuditChain.CANONICAL.readValue(line.toByteArray(), Map.class);
            return fields != null && fields.get(AuditChain.SEQ) instanceof Number n ? n.longValue() : 0;
        } catch (IOException e) {
            return 0; // the scan reports what is wrong with it
        }
    }

    /** The file's bytes; a {@code .gz} file (logrotate's {@code compress}) decompressed. */
    private static InputStream read(Path file) throws IOException {
        var in = Files.newInputStream(file);
        if (!String.valueOf(file.getFileName()).endsWith(".gz")) {
            return in;
        }
        try {
            return new GZIPInputStream(in, 1 << 16);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** Entries written before seq existed have none; once a line has one, every later line must follow it. */
    private static @Nullable String seqProblem(@Nullable Object seq, long number, Previous previous, boolean isBreak) {
        if (seq == null) {
            return previous.seq() == 0 ? null
                    : "line " + number + " has no seq, but the line before has one: it was inserted or changed";
        }
        if (!(seq instanceof Number n) || n.longValue() < 1) {
            return "line " + number + " is not an audit entry: its seq is not a positive number";
        }
        long value = n.longValue();
        if (isBreak ? value <= previous.seq() : value != previous.seq() + 1) {
            return "line " + number + " has seq " + value + " after seq " + previous.seq()
                    + ": a line was removed, inserted or reordered";
        }
        return null;
    }

    /** Reads up to and without the next newline; false when the input ended before a newline. */
    private static boolean readLine(InputStream in, ByteArrayOutputStream line) throws IOException {
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return true;
            }
            line.write(b);
        }
        return false;
    }
}
