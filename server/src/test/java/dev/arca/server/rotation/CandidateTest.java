package dev.arca.server.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.seal.SealService;
import dev.arca.server.seal.SealedColumn;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's candidate: sealed bound to vault, run and secret, and the columns the keyring rewrap walks bind it alike. */
class CandidateTest {
    @TempDir
    Path dir;

    @Test
    void sealedColumns_bindACandidateAsTheRunSealsIt_soTheRewrapReencryptsItReadably() {
        try (Database db = Database.open(StorageUrl.sqlite(dir.resolve("arca.db")))) {
            var seal = new SealService(db, "test");
            seal.unsealWith(seal.init(1, 1).unsealKeys());
            seal.keyring().createVaultKey("vault_a");
            byte[] sealed = Candidate.single("password", "s3cret-value").seal(seal, "vault_a", "run_1", "sk_1");

            for (SealedColumn column : RotationEngine.SEALED_CANDIDATES) {
                byte[] binding = column.binding().associatedData("vault_a",
                        new SealedColumn.Values(List.of("run_1", "sk_1")));
                assertThat(new String(seal.keyring().decrypt("vault_a", sealed, binding), StandardCharsets.UTF_8))
                        .as(column.name()).contains("s3cret-value");
            }
            assertThat(RotationEngine.SEALED_CANDIDATES).extracting(SealedColumn::column)
                    .containsExactly("candidate", "unconfirmed");
            assertThat(Candidate.open(seal, "vault_a", "run_1", "sk_1", sealed).value().text())
                    .isEqualTo("s3cret-value");
        }
    }
}
