package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.Json;
import dev.arca.sdk.ArcaClient;
import dev.arca.server.TestServer;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's release level, proved: a program compiled and run by a Java 17 JDK with nothing but the SDK, the API
 * records and Jackson on its class path reads a secret from a real server.
 */
class Java17RuntimeIT {
    private static final Path JDK17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin");

    @TempDir
    Path dir;

    @Test
    void sdkProgram_compiledAndRunOnJava17_readsASecret() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(JDK17.resolve("javac")) && Files.isExecutable(JDK17.resolve("java")),
                "skipped: no Java 17 JDK at " + JDK17 + " to prove the SDK runs on Java 17");
        try (var server = TestServer.start(dir).initAndUnseal();
                var root = ArcaClient.builder().address(server.address()).token(server.rootToken).vault("default")
                        .build()) {
            root.projects().create("app");
            root.secrets().write("app/db", "hunter2");

            Path source = Files.createDirectories(dir.resolve("src")).resolve("ReadSecret.java");
            Files.writeString(source, """
                    import dev.arca.sdk.ArcaClient;

                    public class ReadSecret {
                        public static void main(String[] args) {
                            try (var arca = ArcaClient.builder().address(args[0]).token(System.getenv("ARCA_TOKEN"))
                                    .vault("default").build()) {
                                System.out.println(Runtime.version().feature() + " "
                                        + arca.secrets().read("app/db").value().reveal());
                            }
                        }
                    }
                    """);
            String classPath = sdkClassPath();
            Path classes = Files.createDirectories(dir.resolve("classes"));
            Result compiled = run(List.of(JDK17.resolve("javac").toString(), "--release", "17", "-cp", classPath,
                    "-d", classes.toString(), source.toString()), null);
            assertThat(compiled.exitCode()).as("javac: %s", compiled.output()).isZero();

            Result ran = run(List.of(JDK17.resolve("java").toString(), "-cp", classes + File.pathSeparator + classPath,
                    "ReadSecret", server.address()), server.rootToken);
            assertThat(ran.exitCode()).as("java: %s", ran.output()).isZero();
            assertThat(ran.output().strip()).isEqualTo("17 hunter2");
        }
    }

    /** The SDK and API (jar or classes directory, as the build has them) and the Jackson jars; nothing else. */
    private static String sdkClassPath() throws URISyntaxException {
        var entries = new ArrayList<String>();
        entries.add(Path.of(ArcaClient.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        entries.add(Path.of(Json.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> Path.of(entry).getFileName().toString().startsWith("jackson-"))
                .forEach(entries::add);
        assertThat(entries).anyMatch(entry -> entry.contains("jackson-databind"));
        return String.join(File.pathSeparator, entries);
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command, String token) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        if (token != null) {
            builder.environment().put("ARCA_TOKEN", token);
        }
        Process process = builder.start();
        String output;
        try (Stream<String> lines = process.inputReader(StandardCharsets.UTF_8).lines()) {
            output = lines.collect(Collectors.joining("\n"));
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), output);
    }
}
