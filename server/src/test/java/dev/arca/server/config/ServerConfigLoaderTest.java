package dev.arca.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.server.audit.AuditTrail;
import dev.arca.server.storage.StorageUrl;
import java.net.URI;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaults_areLoopback8420AndSqliteUnderTheDataDir() {
        ServerConfig config = new ServerConfigLoader(dir).load();
        assertThat(config.listenHost()).isEqualTo("127.0.0.1");
        assertThat(config.listenPort()).isEqualTo(8420);
        assertThat(config.storage().kind()).isEqualTo(StorageUrl.Kind.SQLITE);
        assertThat(config.storage().sqliteFile()).isEqualTo(dir.resolve("data/arca.db"));
        assertThat(config.auditFile()).isEqualTo(dir.resolve("data/audit.log"));
        assertThat(config.auditFsync()).isTrue();
    }

    @Test
    void auditOnMismatch_refusesByDefault_warnsFromTheEnvironment_andRejectsAnythingElse() {
        assertThat(new ServerConfigLoader(dir).load().auditOnMismatch()).isEqualTo(ServerConfig.AuditOnMismatch.REFUSE);
        assertThat(new ServerConfigLoader(dir).env(Map.of("ARCA_AUDIT_ON_MISMATCH", "warn")).load().auditOnMismatch())
                .isEqualTo(ServerConfig.AuditOnMismatch.WARN);
        assertThatThrownBy(() -> new ServerConfigLoader(dir).flag("audit_on_mismatch", "ignore").load())
                .isInstanceOf(ConfigException.class)
                .hasMessage("audit_on_mismatch must be refuse or warn, got 'ignore'");
    }

    @Test
    void auditRotation_isOffByDefault_andTakesASizeWithUnitAndAKeepCount() {
        assertThat(new ServerConfigLoader(dir).load().auditOutputs().rotation()).isEqualTo(AuditTrail.Rotation.NONE);
        assertThat(new ServerConfigLoader(dir).flag("audit_max_bytes", "100MB").load().auditOutputs().rotation())
                .isEqualTo(new AuditTrail.Rotation(100L << 20, 10));
        assertThat(new ServerConfigLoader(dir).env(Map.of("ARCA_AUDIT_MAX_BYTES", "2gb", "ARCA_AUDIT_KEEP", "3"))
                .load().auditOutputs().rotation()).isEqualTo(new AuditTrail.Rotation(2L << 30, 3));
    }

    @Test
    void auditRotation_refusesWhatItCannotDo() {
        assertThatThrownBy(() -> new ServerConfigLoader(dir).flag("audit_max_bytes", "lots").load())
                .isInstanceOf(ConfigException.class)
                .hasMessage("audit_max_bytes must be a size such as 100MB, 1GB or a number of bytes; got 'lots'");
        assertThatThrownBy(() -> new ServerConfigLoader(dir).flag("audit_max_bytes", "10KB").load())
                .isInstanceOf(ConfigException.class).hasMessage("audit_max_bytes must be at least 1MB, got '10KB'");
        assertThatThrownBy(() -> new ServerConfigLoader(dir).flag("audit_max_bytes", "1MB").flag("audit_keep", "0")
                .load()).isInstanceOf(ConfigException.class).hasMessageStartingWith("audit_keep must be at least 1");
        assertThatThrownBy(() -> new ServerConfigLoader(dir).flag("audit_keep", "5").load())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("audit_keep is set but audit_max_bytes is not");
    }

    @Test
    void auditCollectors_areUdpOrTcpUrls_andOnlyTcpSyslogCanBeRequired() {
        var outputs = new ServerConfigLoader(dir).flag("audit_syslog", "tcp://127.0.0.1:6514")
                .flag("audit_syslog_required", "true").flag("audit_socket", "udp://[::1]:9090").load().auditOutputs();
        assertThat(outputs.syslog()).contains(URI.create("tcp://127.0.0.1:6514"));
        assertThat(outputs.syslogRequired()).isTrue();
        assertThat(outputs.socket()).contains(URI.create("udp://[::1]:9090"));

        assertThatThrownBy(() -> new ServerConfigLoader(dir).flag("audit_syslog", "unix:///dev/log").load())
                .isInstanceOf(ConfigException.class).hasMessage("audit_syslog must be udp://HOST:PORT or "
                        + "tcp://HOST:PORT (e.g. udp://127.0.0.1:514), got 'unix:///dev/log'");
        assertThatThrownBy(() -> new ServerConfigLoader(dir).flag("audit_socket", "tcp://collector").load())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("audit_socket must be udp://HOST:PORT");
        assertThatThrownBy(() -> new ServerConfigLoader(dir).flag("audit_syslog", "udp://127.0.0.1:514")
                .flag("audit_syslog_required", "true").load())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("audit_syslog_required = true needs");
        assertThatThrownBy(() -> new ServerConfigLoader(dir).flag("audit_syslog_required", "yes").load())
                .isInstanceOf(ConfigException.class)
                .hasMessage("audit_syslog_required must be true or false, got 'yes'");
    }

    @Test
    void fileThenEnvThenFlags_laterWins() throws IOException {
        Path file = dir.resolve("arca.toml");
        Files.writeString(file, "listen = \"127.0.0.1:1111\"\ndata_dir = \"/from/file\"\naudit_fsync = false\n");
        ServerConfig config = new ServerConfigLoader(dir).file(file)
                .env(Map.of("ARCA_LISTEN", "127.0.0.1:2222", "ARCA_DATA_DIR", "/from/env"))
                .flag("listen", "127.0.0.1:3333")
                .load();
        assertThat(config.listenPort()).isEqualTo(3333);
        assertThat(config.dataDir()).isEqualTo(Path.of("/from/env"));
        assertThat(config.auditFsync()).isFalse();
    }

    @Test
    void unknownSettingInFile_isAnErrorNamingIt() throws IOException {
        Path file = dir.resolve("arca.toml");
        Files.writeString(file, "listn = \"127.0.0.1:1111\"\n");
        assertThatThrownBy(() -> new ServerConfigLoader(dir).file(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("listn");
    }

    @Test
    void allowedHosts_fromTheEnvironment_areLowerCaseWithoutPorts_andGarbageIsRefused() {
        ServerConfig config = new ServerConfigLoader(dir)
                .env(Map.of("ARCA_ALLOWED_HOSTS", "Vault.Example.com:8443, [fd00::1]:8420,,other.example"))
                .load();
        assertThat(config.allowedHosts()).containsExactly("vault.example.com", "[fd00::1]", "other.example");
        assertThat(new ServerConfigLoader(dir).load().allowedHosts()).isEmpty();
        assertThatThrownBy(() -> new ServerConfigLoader(dir).flag("allowed_hosts", "https://vault.example.com/").load())
                .isInstanceOf(ConfigException.class)
                .hasMessage("allowed_hosts: 'https://vault.example.com/' is not a host name (give names such as "
                        + "vault.example.com, comma-separated, without scheme or path)");
    }

    @Test
    void plainHttpOffLoopback_isRefused() {
        assertThatThrownBy(() -> new ServerConfigLoader(dir).flag("listen", "0.0.0.0:8420").load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("--tls-cert");
    }

    @Test
    void postgresUrl_keepsThePasswordOutOfToString() {
        StorageUrl url = StorageUrl.parse("postgresql://arca:s3cret@db.internal:5433/vault");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/vault");
        assertThat(url.password()).contains("s3cret");
        assertThat(url.toString()).doesNotContain("s3cret");
    }

    @Test
    void devMode_keepsItsDataUnderArcaHomeDev() {
        assertThat(new ServerConfigLoader(dir).dev(true).load().dataDir()).isEqualTo(dir.resolve("dev"));
    }

    @Test
    void socket_isOffByDefault_trueMeansArcaHomeArcaSock_andAPathIsTakenAsGiven() {
        assertThat(new ServerConfigLoader(dir).load().socket()).isEmpty();
        assertThat(new ServerConfigLoader(dir).env(java.util.Map.of("ARCA_SOCKET", "true")).load().socket())
                .contains(dir.resolve("arca.sock"));
        assertThat(new ServerConfigLoader(dir).flag("socket", "/run/arca/api.sock").load().socket())
                .contains(Path.of("/run/arca/api.sock"));
        assertThat(new ServerConfigLoader(dir).flag("socket", "false").load().socket()).isEmpty();
    }

    @Test
    void socketPathLongerThanAUnixAddress_isRefused() {
        String tooLong = "/tmp/" + "a".repeat(110) + ".sock";
        assertThatThrownBy(() -> new ServerConfigLoader(dir).flag("socket", tooLong).load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("longer than 107 bytes");
    }
}
