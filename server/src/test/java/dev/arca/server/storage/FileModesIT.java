package dev.arca.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.ArcaServer;
import dev.arca.server.TestServer;
import dev.arca.server.config.ServerConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything the server writes is for its own user: every directory it makes is 0700 and every file 0600 (the
 * SQLite database with its -wal and -shm, the audit trail, the dev credentials and token), whatever the umask
 * (the build's is usually 022), and files an earlier start left open are narrowed at the next.
 */
class FileModesIT {
    @Test
    void aFreshDataDirectory_holdsOnlyPrivateDirectoriesAndFiles(@TempDir Path dir) throws IOException {
        try (TestServer server = TestServer.start(dir).initAndUnseal()) {
            assertThat(server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}").status())
                    .isEqualTo(201);
            assertThat(server.root("PUT", "/v1/vaults/default/secrets/app/db", "{\"value\":\"v\"}").status())
                    .isEqualTo(200);
            Path data = dir.resolve("data");
            assertThat(names(data)).contains("arca.db", "arca.db-wal", "arca.db-shm", "audit.log");
            assertAllPrivate(data);
        }
    }

    @Test
    void devMode_keepsItsCredentialsAndTokenPrivate(@TempDir Path dir) throws IOException {
        var config = new ServerConfigLoader(dir.resolve("home")).dev(true).flag("listen", "127.0.0.1:0").load();
        try (ArcaServer server = ArcaServer.start(config)) {
            assertThat(server.devCredentials()).isPresent();
            assertThat(names(config.dataDir())).contains("dev-credentials.json", "arca.db", "audit.log");
            assertAllPrivate(dir.resolve("home"));
        }
    }

    @Test
    void filesLeftOpenToOthers_areNarrowedAtTheNextStart(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data");
        try (TestServer server = TestServer.start(dir).initAndUnseal()) {
            assertThat(server.root("GET", "/v1/vaults", null).status()).isEqualTo(200);
        }
        List<Path> loose = List.of(data.resolve("arca.db"), data.resolve("audit.log"));
        for (Path file : loose) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
        try (TestServer server = TestServer.start(dir)) {
            assertThat(server.call("GET", "/v1/sys/seal-status", null, null).status()).isEqualTo(200);
            assertAllPrivate(data);
        }
    }

    private static void assertAllPrivate(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.filter(p -> !Files.isSymbolicLink(p)).toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
                assertThat(mode).as(path.toString()).isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------");
            }
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
