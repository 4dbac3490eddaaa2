package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.server.audit.AuditVerifier;
import dev.arca.server.storage.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real server process in the middle of a stream of certificate issuances against a role that
 * stores what it issues: after a restart and unseal, every acknowledged certificate is found by its serial with the
 * same PEM, the CRL is rebuilt and served, and an acknowledged certificate can be revoked onto it.
 */
@Tag("fault")
class PkiCrashIT {
    private static final String PKI = "/v1/vaults/default/pki";

    @TempDir
    Path dir;

    @Test
    void killDashNine_losesNoAcknowledgedCertificate_onSqlite() throws Exception {
        crashAndRecover(null);
    }

    @Test
    void killDashNine_losesNoAcknowledgedCertificate_onPostgres() throws Exception {
        var storage = TestDatabases.freshPostgres();
        Assumptions.assumeTrue(storage.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        crashAndRecover(storage.get());
    }

    private void crashAndRecover(String storage) throws Exception {
        int port = ArcaProcess.freePort();
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        List<String> keys = new ArrayList<>();
        String token;
        try (var server = ArcaProcess.start(dir, port, storage)) {
            JsonNode init = expect(200, server.send("POST", "/v1/sys/init", null, "{\"shares\":1,\"threshold\":1}"));
            init.path("unseal_keys").forEach(k -> keys.add(k.asText()));
            token = init.path("root_token").asText();
            expect(200, server.send("POST", "/v1/sys/unseal", null, "{\"key\":\"" + keys.getFirst() + "\"}"));
            expect(201, server.send("POST", "/v1/vaults", token, "{\"name\":\"default\"}"));
            expect(201, server.send("POST", PKI + "/issuers/root", token,
                    "{\"name\":\"root\",\"common_name\":\"Arca Crash Root\"}"));
            JsonNode role = expect(200, server.send("PUT", PKI + "/roles/web", token,
                    "{\"allowed_domains\":[\"example.com\"],\"allow_subdomains\":true}"));
            assertThat(role.path("no_store").asBoolean()).as("the role keeps what it issues").isFalse();

            var stop = new AtomicBoolean();
            try (var issuers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < 8; w++) {
                    int writer = w;
                    issuers.submit(() -> issueUntilStopped(server, token, writer, stop, acknowledged));
                }
                Thread.sleep(2000);
                server.kill();
                stop.set(true);
            }
        }
        assertThat(acknowledged).hasSizeGreaterThan(10);

        try (var restarted = ArcaProcess.start(dir, port, storage)) {
            expect(200, restarted.send("POST", "/v1/sys/unseal", null, "{\"key\":\"" + keys.getFirst() + "\"}"));
            for (var entry : acknowledged.entrySet()) {
                JsonNode stored = expect(200, restarted.send("GET", PKI + "/certs/" + entry.getKey(), token, null));
                assertThat(stored.path("certificate").asText()).as(entry.getKey()).isEqualTo(entry.getValue());
                assertThat(stored.path("revoked_at").isMissingNode() || stored.path("revoked_at").isNull()).isTrue();
            }
            X509Certificate root = x509(text(served(restarted.send("GET", PKI + "/ca/pem", null, null))));

            assertThat(fullCrlEntries(restarted, token)).isZero();
            String victim = acknowledged.keySet().iterator().next();
            JsonNode revoked = expect(200, restarted.send("POST", PKI + "/revoke", token,
                    Json.lenient().writeValueAsString(Map.of("serial_number", victim, "reason", "superseded"))));
            assertThat(revoked.path("serial_number").asText()).isEqualTo(victim);
            assertThat(fullCrlEntries(restarted, token)).isEqualTo(1);

            X509CRL crl = crl(text(served(restarted.send("GET", PKI + "/crl/pem", null, null))));
            crl.verify(root.getPublicKey());
            assertThat(crl.getRevokedCertificates()).hasSize(1);
            assertThat(crl.getRevokedCertificate(new BigInteger(victim.replace(":", ""), 16))).isNotNull();
        }
        assertThat(AuditVerifier.verify(dir.resolve("data/audit.log")).intact()).isTrue();
    }

    /** Issues one certificate after another, keeping each one the server acknowledged, until the server is gone. */
    private static void issueUntilStopped(ArcaProcess server, String token, int writer, AtomicBoolean stop,
            Map<String, String> acknowledged) {
        for (int i = 0; !stop.get(); i++) {
            try {
                var issued = server.send("POST", PKI + "/issue/web", token,
                        "{\"common_name\":\"w" + writer + "-" + i + ".example.com\"}");
                if (issued.status() == 200) {
                    JsonNode body = issued.json();
                    acknowledged.put(body.path("serial_number").asText(), body.path("certificate").asText());
                }
            } catch (IOException e) {
                return; // the server is gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Rebuilds the CRLs ({@code crl/rotate}) and answers how many entries the default issuer's full CRL has. */
    private static int fullCrlEntries(ArcaProcess server, String token) throws Exception {
        JsonNode built = expect(200, server.send("POST", PKI + "/crl/rotate", token, null));
        assertThat(built).hasSize(2);
        assertThat(built.get(0).path("delta").asBoolean()).isFalse();
        assertThat(built.get(1).path("delta").asBoolean()).isTrue();
        return built.get(0).path("entries").asInt();
    }

    private static JsonNode expect(int status, ArcaProcess.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        return answer.json();
    }

    /** An answer of what is served without authentication (PEM, not JSON), once it is a 200. */
    private static ArcaProcess.Answer served(ArcaProcess.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer;
    }

    private static byte[] text(ArcaProcess.Answer answer) {
        return answer.body().getBytes(StandardCharsets.US_ASCII);
    }

    private static X509Certificate x509(byte[] pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(pem));
    }

    private static X509CRL crl(byte[] pem) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(pem));
    }
}
