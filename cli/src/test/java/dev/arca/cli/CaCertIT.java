package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.frontend.acme.ArcaOverHttps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --ca-cert} / {@code ARCA_CACERT}: the CLI reaches a server whose certificate a private CA signed. */
class CaCertIT {
    @TempDir
    Path dir;

    private ArcaOverHttps https;
    private Cli cli;

    @BeforeEach
    void start() throws Exception {
        https = ArcaOverHttps.start(dir.resolve("server"), Map.of());
        cli = new Cli().with("ARCA_ADDR", https.server().address()).with("ARCA_HOME", dir.resolve("home").toString())
                .with("ARCA_TOKEN", https.server().rootToken);
    }

    @AfterEach
    void stop() {
        https.close();
    }

    @Test
    void untrustedCertificate_saysHowToTrustTheCa() {
        Cli.Result result = cli.run("vault", "list");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("over TLS").contains("--ca-cert FILE or ARCA_CACERT");
    }

    @Test
    void theCaGivenByOptionOrEnvironment_isTrusted() {
        Cli.Result byOption = cli.run("vault", "list", "--ca-cert", https.tlsCaPem().toString());
        assertThat(byOption.exitCode()).as(byOption.err()).isZero();
        assertThat(byOption.out()).contains("default");

        Cli.Result byEnvironment = cli.with("ARCA_CACERT", https.tlsCaPem().toString()).run("vault", "list");
        assertThat(byEnvironment.exitCode()).as(byEnvironment.err()).isZero();
    }

    @Test
    void plainHttpToTheTlsPort_saysToUseHttps() {
        String plain = https.server().address().replace("https://", "http://");

        Cli.Result result = cli.with("ARCA_ADDR", plain).run("vault", "list");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("https://");
    }

    @Test
    void aFileWithoutCertificates_isAClearError() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");

        Cli.Result result = cli.run("vault", "list", "--ca-cert", empty.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains(empty.toString());
        assertThat(cli.run("vault", "list", "--ca-cert", dir.resolve("missing.pem").toString()).err())
                .contains("cannot read CA certificates");
    }
}
