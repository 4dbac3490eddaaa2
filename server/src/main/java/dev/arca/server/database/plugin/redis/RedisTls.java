package dev.arca.server.database.plugin.redis;

import dev.arca.server.database.plugin.ConnectionSettings;
import dev.arca.server.database.plugin.DatabaseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

/**
 * The TLS options of a connection: the server's certificate checked against the connection's CA (or the JDK's
 * trust store) with its host name verified, or neither when {@code skipVerify} (testing only).
 */
final class RedisTls {
    // Jedis reads a trust store only as a key store stream; this in-memory one holds public certificates only,
    // so its password protects nothing
    private static final char[] STORE_PASSWORD = "ca-certificates".toCharArray();

    private RedisTls() {}

    /** @throws DatabaseException.Invalid when {@code caPem} holds no readable certificate */
    static SslOptions options(ConnectionSettings.Tls tls) {
        var options = SslOptions.builder()
                .sslVerifyMode(tls.skipVerify() ? SslVerifyMode.INSECURE : SslVerifyMode.FULL);
        String caPem = tls.caPem();
        if (caPem != null && !tls.skipVerify()) {
            byte[] store = trustStore(caPem);
            options.trustStoreType("PKCS12").truststore(() -> new ByteArrayInputStream(store), STORE_PASSWORD);
        }
        return options.build();
    }

    private static byte[] trustStore(String caPem) {
        try {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
            if (certificates.isEmpty()) {
                throw new DatabaseException.Invalid("tls.ca_pem holds no certificate");
            }
            var store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int index = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + index++, certificate);
            }
            var bytes = new ByteArrayOutputStream();
            store.store(bytes, STORE_PASSWORD);
            return bytes.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new DatabaseException.Invalid("tls.ca_pem cannot be read as PEM certificates: "
                    + e.getClass().getSimpleName());
        }
    }
}
