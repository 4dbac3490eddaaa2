package dev.arca.server.audit;

import static dev.arca.server.audit.TestRecords.lines;
import static dev.arca.server.audit.TestRecords.trailWith;
import static dev.arca.server.audit.TestRecords.writeLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.AuditVerification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifierTest {
    @TempDir
    Path dir;

    @Test
    void untouchedTrail_isIntact() throws IOException {
        var file = trailWith(dir.resolve("audit.log"), 10);

        var result = AuditVerifier.verify(file);

        assertThat(result).isEqualTo(new AuditVerification(true, file.toString(), 10, null, null));
    }

    @Test
    void emptyFile_isIntactWithNoEntries() throws IOException {
        var file = Files.createFile(dir.resolve("audit.log"));

        assertThat(AuditVerifier.verify(file)).isEqualTo(new AuditVerification(true, file.toString(), 0, null, null));
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
    void missingFile_isAnIllegalArgumentNamingThePath() {
        var missing = dir.resolve("nowhere/audit.log");

        assertThatThrownBy(() -> AuditVerifier.verify(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString());
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
