package dev.arca.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.sdk.FakeArca;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs {@code arca} in-process with a given environment and captures what it prints. */
final class Cli {
    record Result(int exitCode, String out, String err) {}

    private final Map<String, String> env = new HashMap<>();

    /** {@code arca} pointed at a fake server with a token, vault {@code prod} and {@code home} as ARCA_HOME. */
    static Cli against(FakeArca server, Path home) {
        return new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", home.toString())
                .with("ARCA_TOKEN", "arca_t").with("ARCA_VAULT", "prod");
    }

    /** The JSON body of the last request the fake server received. */
    static JsonNode lastBody(FakeArca server) throws IOException {
        return Json.lenient().readTree(server.last().body());
    }

    Cli with(String name, String value) {
        env.put(name, value);
        return this;
    }

    Result run(String... args) {
        return runWithStdin("", args);
    }

    Result runWithStdin(String stdin, String... args) {
        return runWithStdin(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    /** For stdin that is not text, such as bytes that are not UTF-8. */
    Result runWithStdin(byte[] stdin, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = ArcaCommand.run(args, new ByteArrayInputStream(stdin), new PrintWriter(out), new PrintWriter(err),
                env);
        return new Result(code, out.toString(), err.toString());
    }
}
