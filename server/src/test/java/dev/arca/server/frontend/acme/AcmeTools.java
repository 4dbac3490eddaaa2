package dev.arca.server.frontend.acme;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The external programs the real-peer tests run ({@code pebble}, {@code pebble-challtestsrv}, {@code certbot},
 * {@code lego}, BIND's {@code named}).
 * A missing one skips the calling test, loudly; with {@code ARCA_REQUIRE_ACME_TOOLS=1} (set by CI) it fails it.
 */
public final class AcmeTools {
    private AcmeTools() {}

    /** The program's path; skips (or fails, see above) when it is not installed. */
    public static Path require(String program) {
        // /usr/sbin: BIND's named, not on every user's PATH
        for (String dir : (System.getenv().getOrDefault("PATH", "/usr/bin") + ":/usr/sbin").split(":")) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        if ("1".equals(System.getenv("ARCA_REQUIRE_ACME_TOOLS"))) {
            throw new IllegalStateException(program + " is required (ARCA_REQUIRE_ACME_TOOLS=1) but not on the PATH");
        }
        System.err.println("*** SKIPPING: " + program + " is not installed (not on the PATH) ***");
        Assumptions.abort(program + " is not installed: skipping");
        throw new AssertionError("unreachable: abort throws");
    }

    /** A loopback port free for both TCP and UDP at the time of asking (a DNS server needs both). */
    public static int freePort() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 20; attempt++) {
            try (var tcp = new ServerSocket(0, 1, loopback)) {
                int port = tcp.getLocalPort();
                try (var udp = new DatagramSocket(port, loopback)) {
                    return udp.getLocalPort();
                } catch (IOException taken) {
                    // the UDP side is in use: ask for another
                }
            } catch (IOException e) {
                throw new IllegalStateException("no free loopback port", e);
            }
        }
        throw new IllegalStateException("no loopback port free for both TCP and UDP after 20 tries");
    }
}
