package dev.arca.server.database.plugin.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arca.server.database.plugin.ConnectionSettings;
import dev.arca.server.database.plugin.DatabaseException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresTlsTest {
    @Test
    void off_disablesTls() {
        assertEquals(Map.of("sslmode", "disable"), PostgresTls.of(ConnectionSettings.Tls.OFF).properties());
    }

    @Test
    void skipVerify_requiresTlsWithoutChecks() {
        assertEquals(Map.of("sslmode", "require"),
                PostgresTls.of(new ConnectionSettings.Tls(true, null, true)).properties());
    }

    @Test
    void noCa_verifiesAgainstTheJdkTrustStore() {
        var tls = PostgresTls.of(new ConnectionSettings.Tls(true, null, false));

        assertEquals("verify-full", tls.properties().get("sslmode"));
        assertEquals("org.postgresql.ssl.DefaultJavaSSLFactory", tls.properties().get("sslfactory"));
    }

    @Test
    void notACertificate_isInvalid() {
        var invalid = assertThrows(DatabaseException.Invalid.class, () -> PostgresTls.of(
                new ConnectionSettings.Tls(true, "-----BEGIN CERTIFICATE-----\nbm9wZQ==\n-----END CERTIFICATE-----\n",
                        false)));

        assertTrue(invalid.getMessage().contains("ca_pem"), invalid.getMessage());
    }
}
