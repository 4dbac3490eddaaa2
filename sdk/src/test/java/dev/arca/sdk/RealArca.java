package dev.arca.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Arca server for the SDK's integration tests, run as a process of its own on the Java 25 runtime the server
 * needs while the tests themselves run on the SDK's Java 17 (the failsafe JVM of this module). It is initialised,
 * unsealed and has the vault {@code default}; the tests then talk to it through the SDK only, as a user would.
 *
 * <p>The server's Java is {@code arca.server.java} (the build's own JDK, set by the POM), else the running one.
 */
final class RealArca implements AutoCloseable {
    private final Process process;
    private final String address;
    private final String rootToken;
    private final List<String> unsealKeys;

    private RealArca(Process process, String address, String rootToken, List<String> unsealKeys) {
        this.process = process;
        this.address = address;
        this.rootToken = rootToken;
        this.unsealKeys = unsealKeys;
    }

    /** A server with its data under {@code dir} and these {@code arca.toml} settings. */
    static RealArca start(Path dir, Map<String, String> settings) {
        var command = new ArrayList<String>(List.of(serverJava(), "-cp", System.getProperty("java.class.path"),
                "--enable-native-access=ALL-UNNAMED", "dev.arca.server.ServerProcess", dir.toString()));
        settings.forEach((name, value) -> command.add(name + "=" + value));
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve("server.log");
            Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null) {
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("the server process ended before it was ready; its log:\n"
                        + Files.readString(log));
            }
            JsonNode ready = Json.lenient().readTree(line);
            var keys = new ArrayList<String>();
            ready.get("unseal_keys").forEach(key -> keys.add(key.asText()));
            return new RealArca(process, ready.get("address").asText(), ready.get("root_token").asText(), keys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static RealArca start(Path dir) {
        return start(dir, Map.of());
    }

    /** {@code http://127.0.0.1:PORT}. */
    String address() {
        return address;
    }

    /** {@code http://localhost:PORT}, the loopback form SikkerKey's clients accept. */
    String localhostAddress() {
        return address.replace("127.0.0.1", "localhost");
    }

    String rootToken() {
        return rootToken;
    }

    List<String> unsealKeys() {
        return unsealKeys;
    }

    /** A client holding the root token in the vault {@code default}. */
    ArcaClient root() {
        return ArcaClient.builder().address(address).token(rootToken).vault("default").build();
    }

    private static String serverJava() {
        String java = System.getProperty("arca.server.java");
        if (java == null || java.isBlank()) {
            java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
        if (!new File(java).canExecute()) {
            throw new IllegalStateException("no Java for the server at " + java + ": set -Darca.server.java");
        }
        return java;
    }

    /** Ends the server: its standard input closes, and it is killed if it has not stopped in ten seconds. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
