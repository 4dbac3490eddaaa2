package dev.arca.server.frontend.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real {@code openssl} as the independent judge of what an ACME client got from Arca: the chain verifies to
 * Arca's PKI root, and after a revocation the CRL and the OCSP responder both say revoked.
 */
final class OpenSslChecks {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final ArcaOverHttps arca;

    OpenSslChecks(Path dir, ArcaOverHttps arca) {
        this.dir = dir;
        this.arca = arca;
        AcmeTools.require("openssl");
    }

    /** {@code openssl verify -CAfile <root> -untrusted <chain> <cert>} passes. */
    void verifies(Path certificate, Path chain) {
        var run = openssl("verify", "-CAfile", arca.pkiRootPem().toString(), "-untrusted", chain.toString(),
                certificate.toString()).assertOk();
        assertThat(run.output()).as(run.describe()).contains(certificate + ": OK");
    }

    /** The certificate names exactly {@code dnsName}. */
    void names(Path certificate, String dnsName) {
        var run = openssl("x509", "-in", certificate.toString(), "-noout", "-ext", "subjectAltName").assertOk();
        assertThat(run.output()).as(run.describe()).contains("DNS:" + dnsName);
    }

    /** A freshly built CRL fails the chain with "certificate revoked", and OCSP answers revoked. */
    void revoked(Path certificate, Path chain) throws Exception {
        Path crl = Files.writeString(dir.resolve("crl-" + System.nanoTime() + ".pem"), arca.freshCrlPem());
        var verify = openssl("verify", "-crl_check", "-CRLfile", crl.toString(), "-CAfile",
                arca.pkiRootPem().toString(), "-untrusted", chain.toString(), certificate.toString());
        assertThat(verify.ok()).as(verify.describe()).isFalse();
        assertThat(verify.output()).as(verify.describe()).contains("certificate revoked");
        var ocsp = openssl("ocsp", "-issuer", arca.pkiRootPem().toString(), "-cert", certificate.toString(),
                "-url", arca.ocspUrl(), "-CAfile", arca.pkiRootPem().toString(), "-resp_text");
        assertThat(ocsp.output()).as(ocsp.describe()).contains(certificate + ": revoked");
    }

    private PeerProcess.Run openssl(String... args) {
        var command = new java.util.ArrayList<String>();
        command.add("openssl");
        command.addAll(List.of(args));
        // the OCSP URL is HTTPS: openssl reaches it trusting the test CA of Arca's listener
        return PeerProcess.run(dir, Map.of("SSL_CERT_FILE", arca.tlsCaPem().toString()), TIMEOUT, command);
    }
}
