package dev.arca.server.acme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The external binaries the ACME client's ITs run (Pebble, pebble-challtestsrv, BIND): a missing one skips the
 * test loudly, or fails it with {@code ARCA_REQUIRE_ACME_TOOLS=1} (CI installs them all).
 */
final class AcmeTools {
    private AcmeTools() {}

    static Path require(String binary) {
        Path path = Path.of(binary);
        if (Files.isExecutable(path)) {
            return path;
        }
        if ("1".equals(System.getenv("ARCA_REQUIRE_ACME_TOOLS"))) {
            throw new AssertionError(binary + " is missing and ARCA_REQUIRE_ACME_TOOLS=1");
        }
        System.err.println("*** SKIPPING: " + binary + " is not installed ***");
        Assumptions.abort(binary + " is not installed");
        throw new AssertionError("unreachable: Assumptions.abort throws");
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
