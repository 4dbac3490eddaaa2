package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExportFormatTest {
    private static final String NASTY = "it's \"$HOME\" `id` \\n\nsecond line";

    @Test
    void env_singleQuotesWithQuoteEscaped() {
        assertThat(ExportFormat.env.render(Map.of("B", "it's", "A", "$HOME")))
                .isEqualTo("export A='$HOME'\nexport B='it'\\''s'\n");
    }

    @Test
    void env_isReadBackExactlyByAShell() throws IOException, InterruptedException {
        String script = ExportFormat.env.render(Map.of("NASTY", NASTY)) + "printf %s \"$NASTY\"";
        var process = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(printed).isEqualTo(NASTY);
    }

    @Test
    void dotenv_escapesQuotesDollarsBackticksBackslashesAndNewlines() {
        assertThat(ExportFormat.dotenv.render(Map.of("NASTY", NASTY)))
                .isEqualTo("NASTY=\"it's \\\"\\$HOME\\\" \\`id\\` \\\\n\\nsecond line\"\n");
    }

    @Test
    void dotenv_plainValueIsOnlyQuoted() {
        assertThat(ExportFormat.dotenv.render(Map.of("DB_MAIN", "hunter2"))).isEqualTo("DB_MAIN=\"hunter2\"\n");
    }

    @Test
    void json_isOneObjectSortedByName() throws IOException {
        String rendered = ExportFormat.json.render(Map.of("B", NASTY, "A", "1"));
        assertThat(rendered.indexOf("\"A\"")).isLessThan(rendered.indexOf("\"B\""));
        var read = Json.lenient().readTree(rendered);
        assertThat(read.get("B").asText()).isEqualTo(NASTY);
        assertThat(read.size()).isEqualTo(2);
    }

    @Test
    void noVariables_printsNothingOrAnEmptyObject() {
        assertThat(ExportFormat.env.render(Map.of())).isEmpty();
        assertThat(ExportFormat.json.render(Map.of()).strip()).isEqualTo("{ }");
    }
}
