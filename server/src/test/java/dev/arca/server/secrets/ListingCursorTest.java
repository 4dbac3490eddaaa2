package dev.arca.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.server.error.ArcaException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ListingCursorTest {
    private static final String VAULT = "vault_aaaaaaaaaaaaaaaa";
    private final ListingCursor cursors = ListingCursor.withRandomKey();

    @Test
    void cursor_roundTripsTheLastPath() {
        assertThat(cursors.decode(VAULT, cursors.encode(VAULT, "app/db/main"))).isEqualTo("app/db/main");
    }

    @Test
    void changedPath_isRefusedNamingCursor() {
        String cursor = cursors.encode(VAULT, "app/db");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString("zzz/x".getBytes(StandardCharsets.UTF_8))
                + cursor.substring(cursor.indexOf('.'));
        assertRefused(forged);
    }

    @Test
    void changedTag_isRefused() {
        String cursor = cursors.encode(VAULT, "app/db");
        int at = cursor.length() - 5;
        char changed = cursor.charAt(at) == 'A' ? 'B' : 'A';
        assertRefused(cursor.substring(0, at) + changed + cursor.substring(at + 1));
    }

    @Test
    void cursorOfAnotherVault_isRefused() {
        String cursor = cursors.encode("vault_bbbbbbbbbbbbbbbb", "app/db");
        assertRefused(cursor);
    }

    @Test
    void cursorOfAnotherServer_isRefused() {
        assertRefused(ListingCursor.withRandomKey().encode(VAULT, "app/db"));
    }

    @Test
    void garbage_isRefused() {
        assertRefused("!!notacursor");
        assertRefused("");
        assertRefused("a.b.c");
        assertRefused(".");
        assertRefused(Base64.getUrlEncoder().encodeToString("app/db".getBytes(StandardCharsets.UTF_8)));
    }

    private void assertRefused(String cursor) {
        assertThatThrownBy(() -> cursors.decode(VAULT, cursor)).isInstanceOfSatisfying(ArcaException.class,
                e -> assertThat(e.details()).containsEntry("field", "cursor"));
    }
}
