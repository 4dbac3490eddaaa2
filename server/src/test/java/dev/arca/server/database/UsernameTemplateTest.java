package dev.arca.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.SecretText;
import dev.arca.server.database.plugin.NewUser;
import dev.arca.server.database.plugin.Templates;
import dev.arca.server.error.ArcaException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsernameTemplateTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:15:30Z");

    @Test
    void defaultTemplate_rendersRoleRandomAndTime() {
        String name = UsernameTemplate.parse(UsernameTemplate.DEFAULT, "readonly", 63).render("readonly", "bot", NOW,
                63);
        assertThat(name).matches("v_readonly_[a-z0-9]{10}_" + NOW.getEpochSecond());
    }

    @Test
    void displayName_unsafeCharactersBecomeUnderscores() {
        String name = UsernameTemplate.parse("{{display_name}}_{{random 4}}", "r", 63).render("r", "bot'; --", NOW,
                63);
        assertThat(name).matches("bot___--_[a-z0-9]{4}");
        assertThat(Templates.isSafeName(name)).isTrue();
    }

    @Test
    void templateThatCouldRenderAQuote_isRefused() {
        assertThatThrownBy(() -> UsernameTemplate.parse("x'; DROP TABLE t; --{{random 4}}", "r", 63))
                .isInstanceOf(ArcaException.class).hasMessageContaining("username_template");
        assertThatThrownBy(() -> UsernameTemplate.parse("v_{{role}}", "r", 63)).isInstanceOf(ArcaException.class)
                .hasMessageContaining("{{random N}}");
        assertThatThrownBy(() -> UsernameTemplate.parse("v_{{nope}}_{{random 3}}", "r", 63))
                .isInstanceOf(ArcaException.class).hasMessageContaining("{{nope}}");
    }

    @Test
    void tooLong_shortensTheRoleFirst_soTheRandomPartSurvives() {
        String role = "r".repeat(64);
        String name = UsernameTemplate.parse(UsernameTemplate.DEFAULT, role, 63).render(role, "bot", NOW, 63);
        assertThat(name).hasSize(63).matches("v_r+_[a-z0-9]{10}_" + NOW.getEpochSecond());
    }

    @Test
    void templates_fillPlaceholders_andRefuseUnsafeValues() {
        var user = new NewUser("v_ro_abc", SecretText.of("Pa55word-xyz_0~"), NOW);
        assertThat(Templates.render("CREATE ROLE \"{{name}}\" PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'",
                user)).isEqualTo("CREATE ROLE \"v_ro_abc\" PASSWORD 'Pa55word-xyz_0~' VALID UNTIL "
                        + "'2026-12-02 10:15:30+00'");
        assertThatThrownBy(() -> Templates.render("{{name}}", "a\"b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Templates.render("{{password}}", new NewUser("ok", SecretText.of("it's-a-pass"), NOW)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("it's-a-pass");
        assertThat(Templates.scrub("bad password Pa55word-xyz_0~ here", SecretText.of("Pa55word-xyz_0~")))
                .isEqualTo("bad password [redacted] here");
    }

    @Test
    void generatedPasswords_areSafeForStatements() {
        for (int i = 0; i < 200; i++) {
            String password = Passwords.generate(Passwords.DEFAULT_LENGTH).reveal();
            assertThat(Templates.isSafePassword(password)).as(password).isTrue();
            assertThat(password).doesNotStartWith("-");
        }
    }
}
