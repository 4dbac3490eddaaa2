package dev.arca.server.frontend.acme;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arca's ACME server against the real lego over HTTPS: http-01 and tls-alpn-01 with lego's own responders, and
 * dns-01 with lego's {@code exec} provider writing the TXT record into pebble-challtestsrv, which is Arca's DNS
 * resolver and lego's own. openssl verifies each certificate to Arca's PKI root.
 */
@Tag("peer") // a real ACME client, minutes: .ci/run runs it after verify
class AcmeLegoIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    Path lego;
    ChallTestSrv dns;
    ArcaOverHttps arca;
    OpenSslChecks openssl;
    int http01Port;
    int tlsAlpn01Port;

    @BeforeEach
    void start() throws Exception {
        lego = AcmeTools.require("lego");
        http01Port = AcmeTools.freePort();
        tlsAlpn01Port = AcmeTools.freePort();
        dns = ChallTestSrv.start();
        arca = ArcaOverHttps.start(dir.resolve("arca"), Map.of("acme_http01_port", String.valueOf(http01Port),
                "acme_tls_alpn01_port", String.valueOf(tlsAlpn01Port),
                "acme_private_ranges", "127.0.0.0/8", "acme_dns_resolver", dns.dnsResolver()));
        openssl = new OpenSslChecks(dir, arca);
    }

    @AfterEach
    void stop() {
        if (arca != null) {
            arca.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void http01_withLegosResponder_getsAVerifiableCertificate() {
        String name = "web.lego.test";
        dns.addA(name, List.of("127.0.0.1"));
        Path home = dir.resolve("lego-http");

        lego(home, Map.of(), name, "--http", "--http.port", "127.0.0.1:" + http01Port).assertOk();

        checkIssued(home, name);
    }

    @Test
    void tlsAlpn01_withLegosResponder_getsAVerifiableCertificate() {
        String name = "tls.lego.test";
        dns.addA(name, List.of("127.0.0.1"));
        Path home = dir.resolve("lego-tls");

        lego(home, Map.of(), name, "--tls", "--tls.port", "127.0.0.1:" + tlsAlpn01Port).assertOk();

        checkIssued(home, name);
    }

    @Test
    void dns01_throughTheExecProvider_getsAVerifiableCertificate() throws Exception {
        String name = "dns.lego.test";
        Path home = dir.resolve("lego-dns");
        Files.createDirectories(home);
        Path hook = home.resolve("challtestsrv-hook.sh");
        Files.writeString(hook, """
                #!/bin/sh
                # lego's exec provider: $1 is present or cleanup, $2 the record's name, $3 its value
                case "$1" in
                  present) curl -sf -X POST -d "{\\"host\\":\\"$2\\",\\"value\\":\\"$3\\"}" %1$s/set-txt ;;
                  cleanup) curl -sf -X POST -d "{\\"host\\":\\"$2\\"}" %1$s/clear-txt ;;
                esac
                """.formatted(dns.managementUrl()));
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = Map.of("EXEC_PATH", hook.toString(), "EXEC_PROPAGATION_TIMEOUT", "20",
                "EXEC_POLLING_INTERVAL", "1");

        lego(home, env, name, "--dns", "exec", "--dns.resolvers", dns.dnsResolver(), "--dns.disable-cp")
                .assertOk();

        checkIssued(home, name);
    }

    private PeerProcess.Run lego(Path home, Map<String, String> extraEnv, String name, String... challenge) {
        var command = new ArrayList<>(List.of(lego.toString(), "--server", arca.directory(), "--email", "a@b.test",
                "--accept-tos", "--domains", name, "--path", home.toString()));
        command.addAll(List.of(challenge));
        command.add("run");
        var env = new HashMap<>(extraEnv);
        env.put("LEGO_CA_CERTIFICATES", arca.tlsCaPem().toString());
        env.put("HOME", home.toString());
        return PeerProcess.run(home, env, TIMEOUT, command);
    }

    private void checkIssued(Path home, String name) {
        Path certificates = home.resolve("certificates");
        Path cert = certificates.resolve(name + ".crt");
        openssl.verifies(cert, certificates.resolve(name + ".issuer.crt"));
        openssl.names(cert, name);
    }
}
