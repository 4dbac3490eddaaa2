package dev.arca.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * The workload {@code bin/arca} trains its ahead-of-time cache on (JEP 483/514: {@code -XX:AOTCacheOutput}): the
 * commands people run most, so that the classes of help, the SDK, HTTP and JSON are loaded and linked from the cache.
 * The client commands meet a closed port and fail at once; nothing is written anywhere.
 */
final class StartupTraining {
    private static final List<List<String>> COMMANDS = List.of(
            List.of("--help"), List.of("secret", "--help"), List.of("secret", "get", "--help"), List.of("version"),
            List.of("status"), List.of("status", "--format", "json"), List.of("secret", "get", "app/db"));

    private StartupTraining() {}

    public static void main(String[] args) {
        // port 1 refuses at once; a token and a home that does not exist keep the run away from the user's files
        var env = Map.of("ARCA_ADDR", "http://127.0.0.1:1", "ARCA_TOKEN", "arca_training",
                "ARCA_HOME", "/nonexistent/arca-training", "ARCA_VAULT", "training");
        var discard = new PrintWriter(Writer.nullWriter());
        for (List<String> command : COMMANDS) {
            ArcaCommand.run(command.toArray(String[]::new), discard, discard, env);
        }
    }
}
