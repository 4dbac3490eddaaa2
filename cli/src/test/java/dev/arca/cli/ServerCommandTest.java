package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How {@code arca server} flags become the server's settings. */
class ServerCommandTest {
    @TempDir
    Path home;

    private ServerCommand parse(Map<String, String> env, String... args) {
        var command = new ServerCommand(env);
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void socketWithoutPath_listensOnArcaHomeArcaSock() {
        var command = parse(Map.of("ARCA_HOME", home.toString()), "--socket");
        assertThat(command.config().socket()).contains(home.resolve("arca.sock"));
    }

    @Test
    void socketWithPath_andArcaSocket_areTakenAsGiven_theFlagWinning() {
        Path flag = home.resolve("flag.sock");
        var env = Map.of("ARCA_HOME", home.toString(), "ARCA_SOCKET", home.resolve("env.sock").toString());
        assertThat(parse(env, "--socket", flag.toString()).config().socket()).contains(flag);
        assertThat(parse(env).config().socket()).contains(home.resolve("env.sock"));
    }

    @Test
    void noSocket_byDefault() {
        assertThat(parse(Map.of("ARCA_HOME", home.toString())).config().socket()).isEmpty();
    }
}
