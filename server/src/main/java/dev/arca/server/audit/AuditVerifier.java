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
import java.util.TreeMap;

/**
 * Checks an audit trail written by {@link AuditTrail}: every line must be a JSON object whose {@code prev_hash} is the
 * previous line's {@code hash} (64 zeros for the first line) and whose {@code hash} matches its content.
 *
 * <p>Guarantees: a changed, removed, inserted or reordered line, and a last line cut short, are reported, with the
 * number of the first line that is wrong and a reason a person can act on. It cannot tell that lines were removed from
 * the end of the file, nor that every line from some point on was rewritten with fresh hashes; comparing the last
 * hash with a copy kept elsewhere catches both. The file is streamed, so its size does not matter.
 */
public final class AuditVerifier {
    private static final TypeReference<TreeMap<String, Object>> LINE = new TypeReference<>() {};

    private AuditVerifier() {}

    /**
     * Verifies the chain of {@code file}; every line is read, so {@code entries} is the number of lines in the file
     * even when an earlier one is bad.
     *
     * @throws IllegalArgumentException if {@code file} does not exist or is not a regular file
     * @throws UncheckedIOException if the file cannot be read
     */
    public static AuditVerification verify(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("there is no audit trail at " + file.toAbsolutePath());
        }
        try (var in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return verify(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit trail " + file.toAbsolutePath(), e);
        }
    }

    private static AuditVerification verify(InputStream in, String name) throws IOException {
        var line = new ByteArrayOutputStream(1024);
        String expectedPrev = AuditChain.START_HASH;
        long number = 0;
        Long firstBad = null;
        String reason = null;
        while (true) {
            line.reset();
            boolean complete = readLine(in, line);
            if (!complete && line.size() == 0) {
                break;
            }
            number++;
            if (firstBad != null) {
                continue;
            }
            if (!complete) {
                firstBad = number;
                reason = "line " + number + " was cut short: the file ends in the middle of it";
                continue;
            }
            var check = check(line.toByteArray(), number, expectedPrev);
            if (check.problem() != null) {
                firstBad = number;
                reason = check.problem();
            } else {
                expectedPrev = check.hash();
            }
        }
        return new AuditVerification(firstBad == null, name, number, firstBad, reason);
    }

    private record LineCheck(String hash, String problem) {
        static LineCheck bad(String problem) {
            return new LineCheck(null, problem);
        }
    }

    private static LineCheck check(byte[] bytes, long number, String expectedPrev) {
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
        var prev = fields.get(AuditChain.PREV_HASH);
        if (!AuditChain.isHash(hash) || !AuditChain.isHash(prev)) {
            return LineCheck.bad("line " + number + " is not an audit entry: it lacks a valid hash or prev_hash");
        }
        if (!prev.equals(expectedPrev)) {
            return LineCheck.bad(number == 1
                    ? "line 1 does not start the chain: lines were removed from the beginning, or it was inserted"
                    : "line " + number + " does not follow line " + (number - 1)
                            + ": a line was removed, inserted or reordered");
        }
        String recomputed;
        try {
            recomputed = AuditChain.hash((String) prev, fields);
        } catch (IOException e) {
            return LineCheck.bad("line " + number + " is not valid JSON");
        }
        if (!recomputed.equals(hash)) {
            return LineCheck.bad("line " + number + " was changed: its hash does not match its content");
        }
        return new LineCheck((String) hash, null);
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
