package dev.arca.server.database.plugin.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.arca.server.database.plugin.DatabaseException;
import org.junit.jupiter.api.Test;

class ServerUrlTest {
    @Test
    void fullUrl_becomesTheDriversUrlWithItsQuery() {
        var url = ServerUrl.parse("postgresql://db.example:6543/app?connectTimeout=3", "postgresql", 5432);

        assertEquals(new ServerUrl("db.example", 6543, "app", "connectTimeout=3"), url);
        assertEquals("jdbc:postgresql://db.example:6543/app?connectTimeout=3", url.jdbcUrl("postgresql"));
    }

    @Test
    void noPortNoDatabase_takesTheDefaultPortAndNoDatabase() {
        var url = ServerUrl.parse("mysql://127.0.0.1", "mysql", 3306);

        assertEquals("jdbc:mariadb://127.0.0.1:3306/", url.jdbcUrl("mariadb"));
    }

    @Test
    void ipv6Host_isBracketed() {
        assertEquals("[::1]:5432", ServerUrl.parse("postgresql://[::1]/test", "postgresql", 5432).hostAndPort());
    }

    @Test
    void otherScheme_isInvalid() {
        assertThrows(DatabaseException.Invalid.class, () -> ServerUrl.parse("mysql://h:1/d", "postgresql", 5432));
    }

    @Test
    void credentialsInTheUrl_areRefusedWithoutBeingShown() {
        var invalid = assertThrows(DatabaseException.Invalid.class,
                () -> ServerUrl.parse("mysql://root:hunter22@h:3306", "mysql", 3306));

        assertFalse(invalid.getMessage().contains("hunter22"), invalid.getMessage());
    }

    @Test
    void twoPathSegments_areInvalid() {
        assertThrows(DatabaseException.Invalid.class, () -> ServerUrl.parse("postgresql://h/a/b", "postgresql", 5432));
    }
}
