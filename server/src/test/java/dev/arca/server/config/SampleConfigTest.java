package dev.arca.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dist/arca.toml} names every setting the server knows, and loads as it is and with every line turned on. */
class SampleConfigTest {
    private static final Path SAMPLE = Path.of("..", "dist", "arca.toml");

    @TempDir
    Path dir;

    @Test
    void theSample_namesEverySetting() throws Exception {
        String sample = Files.readString(SAMPLE);
        for (String setting : ServerConfigLoader.SETTINGS) {
            assertThat(Pattern.compile("(?m)^(# )?" + setting + " = ").matcher(sample).find())
                    .as("dist/arca.toml shows " + setting).isTrue();
        }
    }

    @Test
    void theSample_loadsAsItIs_andWithEverySettingOn() throws Exception {
        new ServerConfigLoader(dir).file(SAMPLE).load();

        Path allOn = Files.writeString(dir.resolve("all-on.toml"),
                Files.readString(SAMPLE).replaceAll("(?m)^# (\\w+ = )", "$1"));
        ServerConfig config = new ServerConfigLoader(dir).file(allOn).load();
        assertThat(config.tls()).isTrue();
        assertThat(config.doors().sikkerkeyListen()).isPresent();
        assertThat(config.storage().kind()).isEqualTo(dev.arca.server.storage.StorageUrl.Kind.POSTGRESQL);
    }
}
