package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvFileTest {
    @Test
    void commentsAndBlankLines_areIgnored() {
        var file = EnvFile.parse("# database\n\n   \nDB_HOST=db.internal\n  # indented comment\nPORT = 5432\r\n", ".env.arca");
        assertThat(file.entries()).extracting(EnvFile.Entry::name).containsExactly("DB_HOST", "PORT");
        assertThat(file.variables(Map.of())).containsExactly(Map.entry("DB_HOST", "db.internal"), Map.entry("PORT", "5432"));
        assertThat(file.entries()).extracting(EnvFile.Entry::line).containsExactly(4, 6);
    }

    @Test
    void references_areResolvedOthersPassedAsTheyAre() {
        var file = EnvFile.parse("""
                DB_PASSWORD=arca://production/db/field/password
                API_KEY=arca://sk_abc123
                SAME=arca://production/db/field/password
                MODE=arca-but-not-a-reference
                """, ".env.arca");
        assertThat(file.references()).containsExactly("arca://production/db/field/password", "arca://sk_abc123");
        var variables = file.variables(Map.of("arca://production/db/field/password", "hunter2",
                "arca://sk_abc123", "k3y"));
        assertThat(variables).containsExactly(Map.entry("DB_PASSWORD", "hunter2"), Map.entry("API_KEY", "k3y"),
                Map.entry("SAME", "hunter2"), Map.entry("MODE", "arca-but-not-a-reference"));
    }

    @Test
    void valueKeepsEqualsSignsAndMayBeEmpty() {
        var file = EnvFile.parse("URL=postgres://h/db?sslmode=require&a=b\nEMPTY=\nexport EXPORTED=yes", "f");
        assertThat(file.variables(Map.of())).containsExactly(Map.entry("URL", "postgres://h/db?sslmode=require&a=b"),
                Map.entry("EMPTY", ""), Map.entry("EXPORTED", "yes"));
    }

    @Test
    void laterLineWins() {
        assertThat(EnvFile.parse("A=1\nA=2", "f").variables(Map.of())).containsExactly(Map.entry("A", "2"));
    }

    @Test
    void quotedValues_areUnquoted() {
        var file = EnvFile.parse("""
                SINGLE='it''s $HOME \\n'
                DOUBLE="a \\"quoted\\" \\$HOME\\nnext\\\\ \\`x\\`"
                HASH="# not a comment"
                """, "f");
        assertThat(file.variables(Map.of())).containsExactly(Map.entry("SINGLE", "it''s $HOME \\n"),
                Map.entry("DOUBLE", "a \"quoted\" $HOME\nnext\\ `x`"), Map.entry("HASH", "# not a comment"));
    }

    @Test
    void dotenvExport_readsBackUnchanged() {
        String value = "pa\"ss'w$rd\\ `x`\n\ttab\r";
        String line = ExportFormat.dotenvLine("SECRET", value);
        assertThat(EnvFile.parse(line, "f").variables(Map.of())).containsExactly(Map.entry("SECRET", value));
    }

    @Test
    void lineWithoutEquals_isRefusedWithItsNumber() {
        assertThatThrownBy(() -> EnvFile.parse("A=1\n\njust-text", ".env.arca"))
                .isInstanceOf(CommandFailure.class).hasMessage(".env.arca line 3: expected NAME=value");
    }

    @Test
    void badName_isRefusedWithoutQuotingTheValue() {
        assertThatThrownBy(() -> EnvFile.parse("1ST=hunter2", "f"))
                .isInstanceOf(CommandFailure.class).hasMessageContaining("'1ST' is not a variable name")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> EnvFile.parse("MY-VAR=x", "f")).isInstanceOf(CommandFailure.class);
    }

    @Test
    void unterminatedOrBadlyEscapedDoubleQuotes_areRefused() {
        assertThatThrownBy(() -> EnvFile.parse("A=\"open", "f")).hasMessage("f line 1: a double-quoted value must end with \"");
        assertThatThrownBy(() -> EnvFile.parse("A=\"ends with \\\"", "f")).isInstanceOf(CommandFailure.class);
        assertThatThrownBy(() -> EnvFile.parse("A=\"x\" trailing", "f")).hasMessageContaining("text after the closing");
        assertThatThrownBy(() -> EnvFile.parse("A=\"\\q\"", "f")).hasMessageContaining("unknown escape \\q");
    }

    @Test
    void entryToString_hidesTheValue() {
        assertThat(EnvFile.parse("A=hunter2", "f").entries().get(0).toString()).doesNotContain("hunter2");
    }
}
