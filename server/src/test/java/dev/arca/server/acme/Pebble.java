package dev.arca.server.acme;

import dev.arca.server.frontend.acme.AcmeTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real Pebble (the ACME test CA) and pebble-challtestsrv (its DNS), on free loopback ports, with an HTTPS
 * certificate from a throwaway CA ({@link #caPem}) and external account binding required ({@link #EAB_KID} with
 * {@link #EAB_KEY}). http-01 is validated at {@code httpPort} on 127.0.0.1 (every name resolves there); Pebble
 * refuses 5 % of good nonces, as {@code PEBBLE_WFE_NONCEREJECT=5} asks.
 */
final class Pebble implements AutoCloseable {
    static final String EAB_KID = "kid-1";
    static final String EAB_KEY = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";

    final String caPem;
    final int managementPort;
    final int challtestsrvPort;
    final int dnsPort;
    private final int acmePort;
    private final Process challtestsrv;
    private final Process pebble;
    private final HttpClient https;

    private Pebble(String caPem, int acmePort, int managementPort, int challtestsrvPort, int dnsPort,
            Process challtestsrv, Process pebble) {
        this.caPem = caPem;
        this.acmePort = acmePort;
        this.managementPort = managementPort;
        this.challtestsrvPort = challtestsrvPort;
        this.dnsPort = dnsPort;
        this.challtestsrv = challtestsrv;
        this.pebble = pebble;
        this.https = trusting(caPem);
    }

    /** Starts both; skips the test when they are not installed. */
    static Pebble start(Path dir, int httpPort) throws IOException, InterruptedException {
        Path pebbleBinary = AcmeTools.require("pebble");
        Path challtestsrvBinary = AcmeTools.require("pebble-challtestsrv");
        TestTls tls = TestTls.write(dir);
        int acme = AcmeTools.freePort();
        int management = AcmeTools.freePort();
        int challtestsrvPort = AcmeTools.freePort();
        int dns = AcmeTools.freePort();
        Path config = dir.resolve("pebble.json");
        Files.writeString(config, """
                {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s", "privateKey": "%s", "httpPort": %d, "tlsPort": %d, "ocspResponderURL": "",
                  "externalAccountBindingRequired": true, "externalAccountMACKeys": {"%s": "%s"}}}
                """.formatted(acme, management, tls.certificate(), tls.privateKey(), httpPort, AcmeTools.freePort(),
                EAB_KID, EAB_KEY));
        Process challtestsrv = new ProcessBuilder(challtestsrvBinary.toString(), "-management",
                "127.0.0.1:" + challtestsrvPort, "-dns01", "127.0.0.1:" + dns, "-http01", "", "-https01", "",
                "-tlsalpn01", "", "-defaultIPv6", "")
                .redirectErrorStream(true).redirectOutput(dir.resolve("challtestsrv.log").toFile()).start();
        var builder = new ProcessBuilder(pebbleBinary.toString(), "-config", config.toString(), "-dnsserver",
                "127.0.0.1:" + dns).redirectErrorStream(true).redirectOutput(dir.resolve("pebble.log").toFile());
        builder.environment().put("PEBBLE_VA_NOSLEEP", "1");
        builder.environment().put("PEBBLE_WFE_NONCEREJECT", "5");
        Process pebble = builder.start();
        var started = new Pebble(tls.caPem(), acme, management, challtestsrvPort, dns, challtestsrv, pebble);
        started.awaitUp(dir.resolve("pebble.log"));
        return started;
    }

    String directory() {
        return "https://127.0.0.1:" + acmePort + "/dir";
    }

    /** Pebble's root, which signs the intermediate that signs what it issues (made anew at each start). */
    X509Certificate root() throws IOException, InterruptedException {
        String pem = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + managementPort + "/roots/0"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException("Pebble's root does not parse", e);
        }
    }

    /** A POST to pebble-challtestsrv's management API (e.g. {@code /add-a}), once it listens. */
    void challtestsrv(String path, String json) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            try {
                var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + challtestsrvPort + path))
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("challtestsrv " + path + " answered " + response.statusCode());
                }
                return;
            } catch (java.net.ConnectException notYet) {
                if (!challtestsrv.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("pebble-challtestsrv did not start", notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    private void awaitUp(Path log) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            try {
                if (https.send(HttpRequest.newBuilder(URI.create(directory())).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                if (!pebble.isAlive() || Instant.now().isAfter(deadline)) {
                    Thread.sleep(500); // for the log to hold why
                    throw new IllegalStateException("Pebble did not start (alive: " + pebble.isAlive() + "): "
                            + Files.readString(log), notYet);
                }
            }
            Thread.sleep(100);
        }
    }

    private static HttpClient trusting(String caPem) {
        try {
            var store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
            var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            var context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(context).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        pebble.destroy();
        challtestsrv.destroy();
    }
}
