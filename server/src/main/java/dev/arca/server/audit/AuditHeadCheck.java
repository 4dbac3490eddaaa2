package dev.arca.server.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whether an audit file still ends where the database says: it must exist and hold the head entries (the last
 * committed write's, and the last one with a MAC, {@link AuditHeadStore}) with the same seq, hash and MAC. Lines
 * after the head are normal (reads are audited without touching the database). The file is read backwards from its
 * end, so a large trail is checked quickly; an incomplete last line (a crash, never acknowledged) is ignored.
 *
 * <p>Guarantees: a file removed or emptied, cut before the head entry, or whose head entry differs (rewritten) is
 * reported as a {@link Mismatch} whose message names the file, what the database expects, what was found and how
 * to proceed. It cannot see changes before the head entry: {@link AuditVerifier} checks the whole chain and the MACs.
 * A head older than the file's first line, when that line is a {@code rotated} entry, is looked for in the file
 * rotated away: the one beside it, named after it, whose last line is where the rotation began; a head in an empty or
 * missing file, in the newest such file (renamed away while the server was stopped).
 */
public final class AuditHeadCheck {
    /** What is wrong: {@code missing}, {@code truncated}, {@code rewritten}; and the whole story for the operator. */
    public record Mismatch(String kind, String message, Map<String, String> details) {}

    /** Longer than any audit line: a candidate's last "line" beyond it is not one (a compressed file, say). */
    private static final int MAX_LINE = 1 << 20;

    private AuditHeadCheck() {}

    /**
     * Empty when the file holds the heads the database keeps (the last entry, and the last one with a MAC), or the
     * database has none for it yet (a new database, or one from before heads were kept).
     */
    public static Optional<Mismatch> check(Path file, Optional<AuditHeadStore.Heads> heads) {
        if (heads.isEmpty()) {
            return Optional.empty();
        }
        for (var head : heads.get().expected()) {
            var mismatch = check(file, file, head);
            if (mismatch.isPresent()) {
                return mismatch;
            }
        }
        return Optional.empty();
    }

    /** {@code file} is {@code trail} or a file rotated away from it, which must hold {@code head}. */
    private static Optional<Mismatch> check(Path trail, Path file, AuditHead head) {
        var details = Map.of("expected_seq", Long.toString(head.seq()), "expected_hash", head.hash());
        try {
            if (!Files.exists(file)) {
                return afterRotation(trail, head, details);
            }
            try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
                return check(channel, trail, file, head, details);
            }
        } catch (NoSuchFileException e) {
            return Optional.of(missing(file, head, details));
        } catch (IOException e) {
            return Optional.of(new Mismatch("unreadable", "cannot read the audit file " + file.toAbsolutePath() + " ("
                    + e.getMessage() + ") to check that it holds entry seq " + head.seq()
                    + ", the last one the database records as written", details));
        }
    }

    private static Optional<Mismatch> check(FileChannel channel, Path trail, Path file, AuditHead head,
            Map<String, String> details) throws IOException {
        long end = AuditTrail.lastNewlineBefore(channel, channel.size()) + 1;
        if (end == 0) {
            return afterRotation(trail, head, details);
        }
        long lastSeq = -1;
        while (end > 0) {
            long start = AuditTrail.lastNewlineBefore(channel, end - 1) + 1;
            Map<?, ?> line = read(channel, start, end - 1);
            Object seq = line == null ? null : line.get(AuditChain.SEQ);
            long number = seq instanceof Number n ? n.longValue() : 0;
            if (lastSeq < 0) {
                lastSeq = number;
            }
            if (line != null && number == head.seq()) {
                if (!head.hash().equals(line.get(AuditChain.HASH))
                        || (head.mac() != null && !head.mac().equals(line.get(AuditChain.MAC)))) {
                    return Optional.of(new Mismatch("rewritten", "entry seq " + head.seq() + " of the audit file "
                            + file.toAbsolutePath() + " is not the one the database records as the last written "
                            + "(its hash or MAC differs): the file was rewritten or replaced. " + howToProceed(),
                            details));
                }
                return Optional.empty();
            }
            if (line != null && start == 0 && number > head.seq() && "rotated".equals(line.get(AuditChain.TYPE))) {
                return inRotatedFile(trail, file, line, head, details);
            }
            if (line == null || number < head.seq()) {
                return Optional.of(new Mismatch("truncated", "the audit file " + file.toAbsolutePath()
                        + " ends at entry seq " + Math.max(lastSeq, 0) + ", before entry seq " + head.seq()
                        + " that the database records as written: lines were removed from its end. " + howToProceed(),
                        Map.of("expected_seq", details.get("expected_seq"), "expected_hash", head.hash(),
                                "found_seq", Long.toString(Math.max(lastSeq, 0)))));
            }
            end = start;
        }
        return Optional.of(missing(file, head, details));
    }

    /** The head is before {@code rotated}, the first line of {@code file}: it must be in the file rotated away. */
    private static Optional<Mismatch> inRotatedFile(Path trail, Path file, Map<?, ?> rotated, AuditHead head,
            Map<String, String> details) throws IOException {
        var named = rotated.get("details") instanceof Map<?, ?> map ? map : Map.of();
        var previousSeq = String.valueOf(named.get("previous_seq"));
        var previousHash = String.valueOf(named.get("previous_hash"));
        var previous = rotatedBeside(trail).stream()
                .filter(r -> Long.toString(r.seq()).equals(previousSeq) && r.hash().equals(previousHash)).findFirst();
        if (previous.isPresent()) {
            return check(trail, previous.get().path(), head);
        }
        return Optional.of(new Mismatch("missing", "the database records entry seq " + head.seq() + " as written, but "
                + "the audit file " + file.toAbsolutePath() + " starts at a rotation after it, from the file then named "
                + named.get("previous_file") + " (ending at seq " + previousSeq + "), and no file beside it named "
                + "after it ends there: restore that file, uncompressed, beside it. " + howToProceed(), details));
    }

    /**
     * The file is missing or empty: renamed away while the server was stopped (logrotate ran then), its newest
     * rotated file must hold the head; the trail then opens the new file with a {@code rotated} entry.
     */
    private static Optional<Mismatch> afterRotation(Path trail, AuditHead head, Map<String, String> details)
            throws IOException {
        var newest = newestRotated(trail, head.seq());
        return newest.isPresent() ? check(trail, newest.get().path(), head) : Optional.of(missing(trail, head, details));
    }

    /** A file rotated away beside the trail's and named after it (audit.log.1, audit.log-20261204); its last entry. */
    record Rotated(Path path, long seq, String hash) {}

    /** The rotated file beside {@code file} with the highest last seq, if that is at least {@code atLeast}. */
    static Optional<Rotated> newestRotated(Path file, long atLeast) throws IOException {
        return rotatedBeside(file).stream().filter(r -> r.seq() >= atLeast)
                .max(Comparator.comparingLong(Rotated::seq));
    }

    /** The files named after {@code file} beside it whose last line is an entry; compressed ones are skipped. */
    private static List<Rotated> rotatedBeside(Path file) throws IOException {
        var absolute = file.toAbsolutePath();
        var name = String.valueOf(absolute.getFileName());
        try (var siblings = Files.list(absolute.getParent())) {
            return siblings.filter(sibling -> !sibling.equals(absolute)
                            && String.valueOf(sibling.getFileName()).startsWith(name)
                            && Files.isRegularFile(sibling, LinkOption.NOFOLLOW_LINKS))
                    .map(AuditHeadCheck::lastEntry).flatMap(Optional::stream).toList();
        }
    }

    private static Optional<Rotated> lastEntry(Path candidate) {
        try (var channel = FileChannel.open(candidate, StandardOpenOption.READ)) {
            long end = AuditTrail.lastNewlineBefore(channel, channel.size());
            long start = end <= 0 ? -1 : AuditTrail.lastNewlineBefore(channel, end) + 1;
            if (start < 0 || end - start > MAX_LINE) {
                return Optional.empty();
            }
            var line = read(channel, start, end);
            if (line != null && line.get(AuditChain.HASH) instanceof String hash && AuditChain.isHash(hash)
                    && line.get(AuditChain.SEQ) instanceof Number n) {
                return Optional.of(new Rotated(candidate, n.longValue(), hash));
            }
        } catch (IOException | RuntimeException e) {
            // unreadable, or not an audit file: not a rotated one
        }
        return Optional.empty();
    }

    private static Mismatch missing(Path file, AuditHead head, Map<String, String> details) {
        return new Mismatch("missing", "the audit file " + file.toAbsolutePath() + " is missing or empty, but the "
                + "database records entry seq " + head.seq() + " as written to it: the file was removed or replaced. "
                + howToProceed(), details);
    }

    private static String howToProceed() {
        return "Keep what is left of the file and a copy of the database for investigation; to serve anyway, start "
                + "once with audit_on_mismatch = \"warn\" (ARCA_AUDIT_ON_MISMATCH=warn): the server then writes a "
                + "break entry saying what was expected and goes on in a new segment of the chain";
    }

    /** The line's fields, or null when it is not a JSON object. */
    private static @Nullable Map<?, ?> read(FileChannel channel, long start, long end) throws IOException {
        var bytes = ByteBuffer.allocate(Math.toIntExact(end - start));
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, start + bytes.position()) < 0) {
                throw new IOException("the file shrank while it was being checked");
            }
        }
        try {
            return AuditChain.CANONICAL.readValue(bytes.array(), Map.class);
        } catch (IOException e) {
            return null;
        }
    }
}
