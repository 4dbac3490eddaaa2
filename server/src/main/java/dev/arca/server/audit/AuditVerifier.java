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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Checks an audit trail written by {@link AuditTrail}: every line must be a JSON object whose {@code prev_hash} is the
 * previous line's {@code hash} (64 zeros for the first line), whose {@code hash} matches its content and whose
 * {@code seq} is one more than the previous line's. A {@code break} entry (written by the server when the file did not
 * continue where it should) may start a new segment: its seq may jump forward and its prev_hash names where the
 * chain was meant to continue; it is reported as a note, not as an error.
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
        if (!Files.isRegularFile(file)) {
            return missing(file, List.of(OFFLINE_LIMITS));
        }
        var scan = scan(file, ChainKey.NONE);
        scan.notes.add(OFFLINE_LIMITS);
        return scan.result(file);
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
        var scan = scan(file, key);
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

    private static Scan scan(Path file, ChainKey key) {
        try (var in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return scan(in, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit trail " + file.toAbsolutePath(), e);
        }
    }

    /** What a pass over the file found; {@code reason} without {@code firstBad} is a problem of the whole file. */
    private static final class Scan {
        long entries;
        @Nullable Long firstBad;
        @Nullable String reason;
        long macsMissing;
        final List<String> notes = new ArrayList<>();

        AuditVerification result(Path file) {
            return new AuditVerification(reason == null, file.toString(), entries, firstBad, reason, notes);
        }
    }

    private static Scan scan(InputStream in, ChainKey key) throws IOException {
        var scan = new Scan();
        var line = new ByteArrayOutputStream(1024);
        var previous = new Previous(AuditChain.START_HASH, 0);
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
                var check = check(line.toByteArray(), number, previous, key, scan);
                problem = check.problem();
                if (problem == null) {
                    previous = Objects.requireNonNull(check.next(), "a line without a problem has a next");
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

    private static LineCheck check(byte[] bytes, long number, Previous previous, ChainKey key, Scan scan) {
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
        if (!isBreak && !prevText.equals(previous.hash())) {
            return LineCheck.bad(number == 1
                    ? "line 1 does not start the chain: lines were removed from the beginning, or it was inserted"
                    : "line " + number + " does not follow line " + (number - 1)
                            + ": a line was removed, inserted or reordered");
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
