package dev.arca.server.audit;

import static dev.arca.server.audit.TestRecords.lines;
import static dev.arca.server.audit.TestRecords.trailWith;
import static dev.arca.server.audit.TestRecords.writeLines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.AuditVerification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifierTest {
    @TempDir
    Path dir;

    @Test
    void untouchedTrail_isIntact() throws IOException {
        var file = trailWith(dir.resolve("audit.log"), 10);

        var result = AuditVerifier.verify(file);

        assertThat(result).isEqualTo(new AuditVerification(true, file.toString(), 10, null, null, List.of(AuditVerifier.OFFLINE_LIMITS)));
    }

    @Test
    void emptyFile_isIntactWithNoEntries() throws IOException {
        var file = Files.createFile(dir.resolve("audit.log"));

        assertThat(AuditVerifier.verify(file)).isEqualTo(new AuditVerification(true, file.toString(), 0, null, null,
                List.of(AuditVerifier.OFFLINE_LIMITS)));
    }

    @Test
    void editedFieldInAMiddleLine_isReportedAsChanged() throws IOException {
        var file = trailWith(dir.resolve("audit.log"), 10);
        var lines = new ArrayList<>(lines(file));
        lines.set(6, lines.get(6).replace("\"principal\":\"token:acc_x\"", "\"principal\":\"token:acc_y\""));
        writeLines(file, lines);

        assertBad(AuditVerifier.verify(file), 7, "line 7 was changed: its hash does not match its content");
    }

    @Test
    void deletedMiddleLine_isReportedAtTheLineThatLostItsPredecessor() throws IOException {
        var file = trailWith(dir.resolve("audit.log"), 10);
        var lines = new ArrayList<>(lines(file));
        lines.remove(4);
        writeLines(file, lines);

        var result = AuditVerifier.verify(file);

        assertBad(result, 5, "line 5 does not follow line 4: a line was removed, inserted or reordered");
        assertThat(result.entries()).isEqualTo(9);
    }

    @Test
    void swappedLines_areReportedAtTheFirstMovedLine() throws IOException {
        var file = trailWith(dir.resolve("audit.log"), 10);
        var lines = new ArrayList<>(lines(file));
        Collections.swap(lines, 2, 3);
        writeLines(file, lines);

        assertBad(AuditVerifier.verify(file), 3, "line 3 does not follow line 2: a line was removed, inserted or reordered");
    }

    @Test
    void insertedCopyOfALine_isReportedWhereItWasInserted() throws IOException {
        var file = trailWith(dir.resolve("audit.log"), 10);
        var lines = new ArrayList<>(lines(file));
        lines.add(5, lines.get(1));
        writeLines(file, lines);

        var result = AuditVerifier.verify(file);

        assertBad(result, 6, "line 6 does not follow line 5: a line was removed, inserted or reordered");
        assertThat(result.entries()).isEqualTo(11);
    }

    @Test
    void insertedLineThatClaimsToFollowItsPredecessor_isReportedAsChanged() throws IOException {
        var file = trailWith(dir.resolve("audit.log"), 10);
        var lines = new ArrayList<>(lines(file));
        var predecessorHash = hashOf(lines.get(4));
        var forged = lines.get(5).replaceFirst("\"prev_hash\":\"[0-9a-f]{64}\"", "\"prev_hash\":\"" + predecessorHash + "\"")
                .replace("req_6", "req_forged");
        lines.add(5, forged);
        writeLines(file, lines);

        assertBad(AuditVerifier.verify(file), 6, "line 6 was changed: its hash does not match its content");
    }

    @Test
    void removedFirstLine_isReportedAsNotStartingTheChain() throws IOException {
        var file = trailWith(dir.resolve("audit.log"), 5);
        var lines = new ArrayList<>(lines(file));
        lines.removeFirst();
        writeLines(file, lines);

        assertBad(AuditVerifier.verify(file), 1,
                "line 1 does not start the chain: lines were removed from the beginning, or it was inserted");
    }

    @Test
    void truncatedLastLine_isReportedAsCutShort() throws IOException {
        var file = trailWith(dir.resolve("audit.log"), 5);
        var bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 20));

        var result = AuditVerifier.verify(file);

        assertBad(result, 5, "line 5 was cut short: the file ends in the middle of it");
        assertThat(result.entries()).isEqualTo(5);
    }

    @Test
    void lineThatIsNotJson_isReportedAsSuch() throws IOException {
        var file = trailWith(dir.resolve("audit.log"), 5);
        var lines = new ArrayList<>(lines(file));
        lines.set(2, lines.get(2).substring(0, 40));
        writeLines(file, lines);

        assertBad(AuditVerifier.verify(file), 3, "line 3 is not valid JSON");
    }

    @Test
    void lineWithADuplicatedKey_isNotAcceptedAsJson() throws IOException {
        var file = trailWith(dir.resolve("audit.log"), 3);
        var lines = new ArrayList<>(lines(file));
        lines.set(1, lines.get(1).replace("{\"details\":", "{\"principal\":\"token:someone_else\",\"details\":"));
        writeLines(file, lines);

        assertBad(AuditVerifier.verify(file), 2, "line 2 is not valid JSON");
    }

    @Test
    void jsonLineWithoutHashes_isReportedAsNotAnEntry() throws IOException {
        var file = trailWith(dir.resolve("audit.log"), 3);
        var lines = new ArrayList<>(lines(file));
        lines.add(1, "{\"type\":\"request\"}");
        writeLines(file, lines);

        assertBad(AuditVerifier.verify(file), 2, "line 2 is not an audit entry: it lacks a valid hash or prev_hash");
    }

    @Test
    void missingFile_isReportedAsNotIntact_namingThePath() {
        var missing = dir.resolve("nowhere/audit.log");

        var result = AuditVerifier.verify(missing);

        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadLine()).isNull();
        assertThat(result.reason()).contains(missing.toString()).contains("no audit file");
    }

    @Test
    void lineRewrittenWithAFreshHash_isReportedAsRewritten_byItsMac() throws IOException {
        var file = dir.resolve("audit.log");
        try (var trail = AuditTrail.open(file, AuditTrail.Durability.BUFFERED, TestRecords.KEY, 0)) {
            for (int i = 1; i <= 5; i++) {
                trail.append(TestRecords.request(i));
            }
        }
        var rewritten = TestRecords.rewrite(lines(file), line -> line.replace("token:acc_x", "token:acc_y"));
        writeLines(file, rewritten);

        assertThat(AuditVerifier.verify(file).intact()).as("offline, fresh hashes pass").isTrue();
        var result = AuditVerifier.verify(file, Optional.empty(), TestRecords.KEY);
        assertBad(result, 1, "line 1 was rewritten: its MAC is not the chain key's MAC of its hash, so the line (or "
                + "one before it) was replaced by someone without the key");
    }

    @Test
    void fileCutBeforeTheHead_isReportedAsTruncated() throws IOException {
        var file = dir.resolve("audit.log");
        AuditHead head;
        try (var trail = AuditTrail.open(file, AuditTrail.Durability.BUFFERED, TestRecords.KEY, 0)) {
            trail.append(TestRecords.request(1));
            head = trail.append(TestRecords.request(2));
        }
        writeLines(file, lines(file).subList(0, 1));

        var result = AuditVerifier.verify(file, heads(head), TestRecords.KEY);

        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadLine()).isNull();
        assertThat(result.reason()).contains("ends at entry seq 1, before entry seq 2").contains("removed from its end");
    }

    @Test
    void removedFile_isReportedAsMissing_withOrWithoutTheServer() throws IOException {
        var file = dir.resolve("audit.log");
        AuditHead head;
        try (var trail = AuditTrail.open(file, AuditTrail.Durability.BUFFERED, TestRecords.KEY, 0)) {
            head = trail.append(TestRecords.request(1));
        }
        Files.delete(file);

        assertThat(AuditVerifier.verify(file, heads(head), TestRecords.KEY).reason()).contains("no audit file");
        assertThat(AuditVerifier.verify(file).reason()).contains("no audit file");
    }

    @Test
    void headEntryWithoutItsMac_isReportedAsRewritten() throws IOException {
        var file = dir.resolve("audit.log");
        AuditHead head;
        try (var trail = AuditTrail.open(file, AuditTrail.Durability.BUFFERED, TestRecords.KEY, 0)) {
            head = trail.append(TestRecords.request(1));
        }
        writeLines(file, TestRecords.rewrite(lines(file), line -> line.replaceAll(",\"mac\":\"[0-9a-f]+\"", "")
                .replace("token:acc_x", "token:acc_y")));

        var result = AuditVerifier.verify(file, heads(head), TestRecords.KEY);

        assertThat(result.intact()).isFalse();
        assertThat(result.reason()).contains("entry seq 1").contains("rewritten");
    }

    @Test
    void recordedBreak_startsANewSegment_andIsANoteNotAnError() throws IOException {
        var file = dir.resolve("audit.log");
        try (var trail = AuditTrail.open(file, AuditTrail.Durability.BUFFERED, ChainKey.NONE, 40)) {
            trail.recordBreak("missing", Map.of("expected_seq", "40"));
            trail.append(TestRecords.request(1));
        }

        var result = AuditVerifier.verify(file);

        assertThat(result.intact()).isTrue();
        assertThat(result.notes()).anySatisfy(note -> assertThat(note).startsWith("line 1 records a break"));
        assertThat(lines(file).get(1)).contains("\"seq\":42");
    }

    @Test
    void seqThatSkipsAnEntry_isReported() throws IOException {
        var file = trailWith(dir.resolve("audit.log"), 3);
        writeLines(file, TestRecords.rewrite(lines(file), line -> line.replace("\"seq\":3", "\"seq\":4")));

        assertBad(AuditVerifier.verify(file), 3, "line 3 has seq 4 after seq 2: a line was removed, inserted or reordered");
    }

    /** The database's heads after {@code head} was the last write, written with a MAC. */
    private static Optional<AuditHeadStore.Heads> heads(AuditHead head) {
        return Optional.of(new AuditHeadStore.Heads(new AuditHead(head.seq(), head.hash(), null), head));
    }

    private static void assertBad(AuditVerification result, long line, String reason) {
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadLine()).isEqualTo(line);
        assertThat(result.reason()).isEqualTo(reason);
    }

    private static String hashOf(String line) throws IOException {
        return AuditChain.CANONICAL.readTree(line).get("hash").asText();
    }
}
