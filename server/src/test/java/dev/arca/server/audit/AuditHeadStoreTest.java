package dev.arca.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditHeadStoreTest {
    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);
    private static final String HASH_C = "c".repeat(64);

    @TempDir
    Path dir;

    private Database db;
    private AuditHeadStore heads;

    @BeforeEach
    void open() {
        db = Database.open(StorageUrl.sqlite(dir.resolve("arca.db")));
        heads = new AuditHeadStore(db, dir.resolve("audit.log"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void writesCommittedOutOfSeqOrder_neverMoveTheHeadBack() {
        heads.advance(new AuditHead(7, HASH_B, null));
        heads.advance(new AuditHead(5, HASH_A, null));

        assertThat(heads.find()).hasValueSatisfying(found -> assertThat(found.last()).isEqualTo(
                new AuditHead(7, HASH_B, null)));
    }

    @Test
    void entryWithoutAMac_movesTheHead_butKeepsTheLastKeyedEntry() {
        heads.advance(new AuditHead(3, HASH_A, "0123"));
        heads.advance(new AuditHead(4, HASH_B, null));

        var found = heads.find().orElseThrow();
        assertThat(found.last()).isEqualTo(new AuditHead(4, HASH_B, null));
        assertThat(found.keyed()).isEqualTo(new AuditHead(3, HASH_A, "0123"));

        heads.advance(new AuditHead(5, HASH_C, "4567"));
        assertThat(heads.find().orElseThrow().keyed()).isEqualTo(new AuditHead(5, HASH_C, "4567"));
    }

    @Test
    void restartAtABreak_dropsTheKeyedEntryTheBreakSaysWasLost() {
        heads.advance(new AuditHead(9, HASH_A, "0123"));

        heads.restartAt(new AuditHead(10, HASH_B, null));

        var found = heads.find().orElseThrow();
        assertThat(found.last()).isEqualTo(new AuditHead(10, HASH_B, null));
        assertThat(found.keyed()).isNull();
    }

    @Test
    void anotherAuditFile_hasAHeadOfItsOwn() {
        heads.advance(new AuditHead(3, HASH_A, null));

        assertThat(new AuditHeadStore(db, dir.resolve("other.log")).find()).isEmpty();
    }
}
