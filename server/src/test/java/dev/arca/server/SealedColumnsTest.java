package dev.arca.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.seal.SealedColumn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every byte column of the schema is either a sealed column the keyring rewrap knows ({@link Wiring#sealedColumns})
 * or one that no vault key encrypts: a feature that adds a ciphertext column and forgets to declare it fails here,
 * instead of leaving its values under a rotated-away key version.
 */
class SealedColumnsTest {
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    /** Byte columns no vault data key encrypts: the seal's own, public keys, certificates and CRLs. */
    private static final Set<String> NOT_UNDER_A_VAULT_KEY = Set.of("seal_config.root_key_check",
            "seal_config.wrapped_keyring_key", "keyring.keyset", "machines.public_key", "pki_issuers.certificate",
            "pki_certificates.certificate", "pki_crls.der");
    private static final Pattern TABLE = Pattern.compile("(?:CREATE|ALTER) TABLE (\\w+)");
    private static final Pattern BYTES = Pattern.compile("(?:ADD COLUMN )?(\\w+)\\s+\\$\\{bytes}");

    @Test
    void everyByteColumn_isASealedColumn_orNotUnderAVaultKey() throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.sorted().toList()) {
                String table = null;
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("--")) {
                        continue;
                    }
                    Matcher tableMatch = TABLE.matcher(line);
                    if (tableMatch.find()) {
                        table = tableMatch.group(1);
                    }
                    Matcher column = BYTES.matcher(line);
                    if (column.find()) {
                        found.add(table + "." + column.group(1));
                    }
                }
            }
        }
        Set<String> sealed = Wiring.sealedColumns().stream().map(c -> c.table() + "." + c.column())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(found).as("the schema's byte columns").isNotEmpty();
        Set<String> unaccounted = new TreeSet<>(found);
        unaccounted.removeAll(sealed);
        unaccounted.removeAll(NOT_UNDER_A_VAULT_KEY);
        assertThat(unaccounted).as("byte columns neither declared sealed (Wiring.sealedColumns) nor listed here")
                .isEmpty();
        assertThat(found).containsAll(sealed);
        assertThat(Wiring.sealedColumns()).extracting(SealedColumn::name).doesNotHaveDuplicates();
    }
}
