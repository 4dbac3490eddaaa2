package dev.arca.server.audit;

import static dev.arca.server.audit.TestRecords.KEY;
import static dev.arca.server.audit.TestRecords.lines;
import static dev.arca.server.audit.TestRecords.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditRotationTest {
    private static final int WRITERS = 8;
    private static final int APPENDS_EACH = 150;

    @TempDir
    Path dir;

    @Test
    void rotationBySize_underConcurrentAppends_losesAndRepeatsNoLine() throws Exception {
        var file = dir.resolve("audit.log");
        var anchors = new CopyOnWriteArrayList<AuditHead>();
        try (var trail = AuditTrail.open(file, AuditTrail.Durability.BUFFERED, KEY, 0,
                new AuditTrail.Rotation(4096, 1000), List.of(), anchors::add);
                var writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.submit(() -> {
                    for (int i = 0; i < APPENDS_EACH; i++) {
                        trail.append(request(writer * APPENDS_EACH + i));
                    }
                    return null;
                });
            }
        }

        var files = rotatedFiles(file);
        assertThat(files).hasSizeGreaterThan(3);
        var ids = new ArrayList<String>();
        for (var f : files) {
            for (var line : lines(f)) {
                var fields = parse(line);
                if ("request".equals(fields.get("type"))) {
                    ids.add((String) fields.get("request_id"));
                }
            }
        }
        assertThat(ids).hasSize(WRITERS * APPENDS_EACH).doesNotHaveDuplicates();
        var verification = AuditVerifier.verify(files.reversed()); // any order: put in chain order by seq
        assertThat(verification.intact()).as(verification.reason()).isTrue();
        assertThat(verification.entries()).isEqualTo(WRITERS * APPENDS_EACH + files.size() - 1);
        assertThat(anchors).hasSize(files.size() - 1);
    }

    @Test
    void rotatedFile_startsWithAnEntryChainedOntoThePreviousFile_andVerifiesOnItsOwn() throws IOException {
        var file = dir.resolve("audit.log");
        try (var trail = sizeRotating(file, 2)) {
            appendUntilRotated(trail, file);
        }

        var previous = lines(file.resolveSibling("audit.log.1"));
        var last = parse(previous.getLast());
        var first = parse(lines(file).getFirst());
        assertThat(first).containsEntry("type", "rotated").containsEntry("prev_hash", last.get("hash"))
                .containsEntry("seq", ((Number) last.get("seq")).intValue() + 1)
                .containsEntry("details", Map.of("reason", "size", "previous_file", "audit.log.1",
                        "previous_seq", last.get("seq").toString(), "previous_hash", last.get("hash")));
        var alone = AuditVerifier.verify(file);
        assertThat(alone.intact()).as(alone.reason()).isTrue();
        assertThat(alone.notes()).anyMatch(note -> note.contains("continues audit.log.1"));
    }

    @Test
    void verifier_reportsAMissingMiddleFile() throws IOException {
        var file = dir.resolve("audit.log");
        try (var trail = sizeRotating(file, 5)) {
            for (int i = 0; i < 3; i++) {
                appendUntilRotated(trail, file);
            }
        }

        var withoutMiddle = List.of(file.resolveSibling("audit.log.3"), file.resolveSibling("audit.log.1"), file);
        var verification = AuditVerifier.verify(withoutMiddle);
        assertThat(verification.intact()).isFalse();
        assertThat(verification.reason()).contains("audit.log.1").contains("does not continue")
                .contains("a file between them is missing");
        assertThat(AuditVerifier.verify(rotatedFiles(file)).intact()).isTrue();
    }

    @Test
    void rotationBySize_keepsOnlyAuditKeepFiles() throws IOException {
        var file = dir.resolve("audit.log");
        try (var trail = sizeRotating(file, 2)) {
            for (int i = 0; i < 4; i++) {
                appendUntilRotated(trail, file);
            }
        }

        assertThat(file.resolveSibling("audit.log.2")).exists();
        assertThat(file.resolveSibling("audit.log.3")).doesNotExist();
    }

    @Test
    void fileRenamedAway_isARotationNotABreak() throws IOException {
        var file = dir.resolve("audit.log");
        try (var trail = AuditTrail.open(file, AuditTrail.Durability.BUFFERED, KEY, 0)) {
            trail.append(request(1));
            trail.append(request(2));
            Files.move(file, dir.resolve("audit.log-20261204")); // logrotate's create mode, then SIGHUP
            trail.reopen();
            trail.append(request(3));
        }

        var first = parse(lines(file).getFirst());
        assertThat(first).containsEntry("type", "rotated").containsEntry("seq", 3);
        assertThat(first.get("details")).isEqualTo(Map.of("reason", "renamed", "previous_file", "audit.log-20261204",
                "previous_seq", "2", "previous_hash", parse(lines(dir.resolve("audit.log-20261204")).getLast())
                        .get("hash")));
        assertThat(parse(lines(file).get(1))).containsEntry("request_id", "req_3").containsEntry("seq", 4);
        var both = AuditVerifier.verify(List.of(file, dir.resolve("audit.log-20261204")));
        assertThat(both.intact()).as(both.reason()).isTrue();
        assertThat(both.notes()).noneMatch(note -> note.contains("break"));
    }

    @Test
    void reopen_withThePathUnchanged_writesNothing() throws IOException {
        var file = dir.resolve("audit.log");
        try (var trail = AuditTrail.open(file, AuditTrail.Durability.BUFFERED, KEY, 0)) {
            trail.append(request(1));
            trail.reopen();
            trail.append(request(2));
        }

        assertThat(lines(file)).hasSize(2);
    }

    @Test
    void headCheck_findsAHeadInTheFileRotatedAway_andReportsItWhenThatFileIsGone() throws IOException {
        var file = dir.resolve("audit.log");
        AuditHead head;
        try (var trail = sizeRotating(file, 3)) {
            head = trail.append(request(0));
            appendUntilRotated(trail, file);
            appendUntilRotated(trail, file);
        }
        var heads = Optional.of(new AuditHeadStore.Heads(head, head));

        assertThat(AuditHeadCheck.check(file, heads)).isEmpty();
        Files.move(file.resolveSibling("audit.log.2"), dir.resolve("audit.log.old"));
        assertThat(AuditHeadCheck.check(file, heads)).isEmpty(); // found by its last line, not by its name
        Files.delete(dir.resolve("audit.log.old"));
        var mismatch = AuditHeadCheck.check(file, heads);
        assertThat(mismatch).isPresent();
        assertThat(mismatch.get().kind()).isEqualTo("missing");
        assertThat(mismatch.get().message()).contains("restore that file");
    }

    @Test
    void fileRenamedAwayWhileStopped_isContinuedFromTheRotatedFile_andItsHeadAccepted() throws IOException {
        var file = dir.resolve("audit.log");
        AuditHead head;
        try (var trail = AuditTrail.open(file, AuditTrail.Durability.BUFFERED, KEY, 0)) {
            trail.append(request(1));
            head = trail.append(request(2));
        }
        Files.move(file, dir.resolve("audit.log-20261204"));
        Files.createFile(file); // logrotate's create, with no server to signal
        var heads = Optional.of(new AuditHeadStore.Heads(head, head));

        assertThat(AuditHeadCheck.check(file, heads)).isEmpty();
        try (var trail = AuditTrail.open(file, AuditTrail.Durability.BUFFERED, KEY, head.seq())) {
            trail.append(request(3));
        }

        var first = parse(lines(file).getFirst());
        assertThat(first).containsEntry("type", "rotated").containsEntry("seq", 3).containsEntry("prev_hash", head.hash());
        var both = AuditVerifier.verify(List.of(dir.resolve("audit.log-20261204"), file));
        assertThat(both.intact()).as(both.reason()).isTrue();
    }

    @Test
    void verifier_readsCompressedRotatedFiles() throws IOException {
        var file = dir.resolve("audit.log");
        try (var trail = sizeRotating(file, 2)) {
            appendUntilRotated(trail, file);
        }
        var compressed = dir.resolve("audit.log.1.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(compressed))) {
            Files.copy(file.resolveSibling("audit.log.1"), out);
        }
        Files.delete(file.resolveSibling("audit.log.1"));

        var verification = AuditVerifier.verify(List.of(file, compressed));
        assertThat(verification.intact()).as(verification.reason()).isTrue();
        assertThat(verification.notes()).noneMatch(note -> note.contains("continues"));
    }

    private static AuditTrail sizeRotating(Path file, int keep) throws IOException {
        return AuditTrail.open(file, AuditTrail.Durability.BUFFERED, KEY, 0, new AuditTrail.Rotation(2048, keep),
                List.of(), head -> {});
    }

    /** Appends until the trail has renamed its file at least once more. */
    private static void appendUntilRotated(AuditTrail trail, Path file) throws IOException {
        var rotated = file.resolveSibling(file.getFileName() + ".1");
        Object before = Files.exists(rotated) ? Files.readAttributes(rotated,
                java.nio.file.attribute.BasicFileAttributes.class).fileKey() : null;
        for (int i = 0; i < 1000; i++) {
            trail.append(request(i));
            if (Files.exists(rotated) && !Files.readAttributes(rotated,
                    java.nio.file.attribute.BasicFileAttributes.class).fileKey().equals(before)) {
                return;
            }
        }
        throw new AssertionError("the trail did not rotate");
    }

    /** The current file and every FILE.n beside it. */
    private static List<Path> rotatedFiles(Path file) throws IOException {
        var files = new ArrayList<Path>();
        files.add(file);
        for (int n = 1; Files.exists(file.resolveSibling(file.getFileName() + "." + n)); n++) {
            files.add(file.resolveSibling(file.getFileName() + "." + n));
        }
        return files;
    }

    private static TreeMap<String, Object> parse(String line) throws IOException {
        return AuditChain.CANONICAL.readValue(line, new TypeReference<>() {});
    }
}
