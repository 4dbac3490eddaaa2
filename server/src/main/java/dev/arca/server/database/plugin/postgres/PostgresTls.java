package dev.arca.server.database.plugin.postgres;

import dev.arca.server.database.plugin.ConnectionSettings;
import dev.arca.server.database.plugin.DatabaseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A connection's TLS as pgjdbc's properties: {@code verify-full} (certificate and host name), {@code require} when
 * verification is skipped, {@code disable} when off. pgjdbc reads a CA only from a file, so a {@code caPem} is
 * written to one — a CA certificate is public, nothing secret lands on disk — and deleted with the client.
 *
 * @param caFile the written CA, null when there is none to delete
 */
record PostgresTls(Map<String, String> properties, @Nullable Path caFile) {

    static PostgresTls of(ConnectionSettings.Tls tls) {
        var properties = new HashMap<String, String>();
        if (!tls.enabled()) {
            properties.put("sslmode", "disable");
            return new PostgresTls(properties, null);
        }
        if (tls.skipVerify()) {
            properties.put("sslmode", "require");
            return new PostgresTls(properties, null);
        }
        properties.put("sslmode", "verify-full");
        String caPem = tls.caPem();
        if (caPem == null || caPem.isBlank()) {
            // Without a CA of its own pgjdbc looks in ~/.postgresql; the contract is the JDK's trust store.
            properties.put("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
            return new PostgresTls(properties, null);
        }
        Path caFile = write(requireCertificate(caPem));
        properties.put("sslrootcert", caFile.toString());
        return new PostgresTls(properties, caFile);
    }

    void deleteCaFile() {
        if (caFile != null) {
            try {
                Files.deleteIfExists(caFile);
            } catch (IOException e) {
                // A leftover public CA certificate in the temp directory harms nothing.
            }
        }
    }

    private static String requireCertificate(String caPem) {
        try {
            if (CertificateFactory.getInstance("X.509").generateCertificates(
                    new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))).isEmpty()) {
                throw new DatabaseException.Invalid("tls ca_pem holds no certificate");
            }
        } catch (CertificateException e) {
            throw new DatabaseException.Invalid("tls ca_pem is not a PEM certificate: " + e.getMessage());
        }
        return caPem;
    }

    private static Path write(String caPem) {
        try {
            Path file = Files.createTempFile("arca-postgres-ca-", ".pem");
            Files.writeString(file, caPem, StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the PostgreSQL CA certificate to a temp file", e);
        }
    }
}
