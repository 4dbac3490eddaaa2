package dev.arca.server.frontend.acme;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arca's ACME server against the real certbot: {@code certonly --standalone} over HTTPS gets a certificate whose
 * http-01 challenge Arca validated (the name resolved by pebble-challtestsrv as Arca's DNS resolver), openssl
 * verifies it to Arca's PKI root, and {@code certbot revoke} puts it on the CRL and in OCSP.
 */
@Tag("peer") // a real ACME client, minutes: .ci/run runs it after verify
class AcmeCertbotIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String NAME = "web.certbot.test";

    @TempDir
    Path dir;

    @Test
    void certonlyStandalone_getsAVerifiableCertificate_andRevokeIsSeenByCrlAndOcsp() throws Exception {
        Path certbot = AcmeTools.require("certbot");
        int http01Port = AcmeTools.freePort();
        try (var dns = ChallTestSrv.start();
                var arca = ArcaOverHttps.start(dir.resolve("arca"), Map.of("acme_http01_port",
                        String.valueOf(http01Port), "acme_private_ranges", "127.0.0.0/8",
                        "acme_dns_resolver", dns.dnsResolver()))) {
            dns.addA(NAME, List.of("127.0.0.1"));
            var openssl = new OpenSslChecks(dir, arca);
            Path home = dir.resolve("certbot");
            Map<String, String> env = Map.of("REQUESTS_CA_BUNDLE", arca.tlsCaPem().toString(),
                    "HOME", home.toString());

            PeerProcess.run(home, env, TIMEOUT, certbot(certbot, home, "certonly", "--standalone",
                    "--http-01-port", String.valueOf(http01Port), "--http-01-address", "127.0.0.1",
                    "--server", arca.directory(), "--agree-tos", "--register-unsafely-without-email",
                    "-d", NAME)).assertOk();

            Path live = home.resolve("config/live/" + NAME);
            Path cert = Files.copy(live.resolve("cert.pem"), dir.resolve("cert.pem"));
            Path chain = Files.copy(live.resolve("chain.pem"), dir.resolve("chain.pem"));
            openssl.verifies(cert, chain);
            openssl.names(cert, NAME);

            PeerProcess.run(home, env, TIMEOUT, certbot(certbot, home, "revoke", "--cert-path", cert.toString(),
                    "--server", arca.directory(), "--reason", "keycompromise", "--no-delete-after-revoke"))
                    .assertOk();
            openssl.revoked(cert, chain);
        }
    }

    private static List<String> certbot(Path certbot, Path home, String... args) {
        var command = new ArrayList<>(List.of(certbot.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--non-interactive", "--config-dir", home.resolve("config").toString(),
                "--work-dir", home.resolve("work").toString(), "--logs-dir", home.resolve("logs").toString()));
        return command;
    }
}
