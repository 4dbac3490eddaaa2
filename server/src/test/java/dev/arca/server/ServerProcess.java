package dev.arca.server;

import dev.arca.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link TestServer} as a process of its own, for tests that must not share its JVM: the SDK's seed ITs run on a
 * Java 17 runtime and talk to a server that needs Java 25. Arguments: the directory for its data, then
 * {@code name=value} settings as in {@code arca.toml}. It starts, initialises and unseals, creates the vault
 * {@code default}, prints one JSON line ({@code address}, {@code root_token}, {@code unseal_keys}) and serves until
 * its standard input ends, so it dies with the test that started it.
 */
public final class ServerProcess {
    private ServerProcess() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ServerProcess DIR [name=value…]");
            System.exit(2);
        }
        var settings = new LinkedHashMap<String, String>();
        for (int i = 1; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            if (equals < 1) {
                System.err.println("not a name=value setting: " + args[i]);
                System.exit(2);
            }
            settings.put(args[i].substring(0, equals), args[i].substring(equals + 1));
        }
        try (var server = TestServer.start(Path.of(args[0]), settings).initAndUnseal()) {
            System.out.println(Json.strict().writeValueAsString(Map.of("address", server.address(),
                    "root_token", server.rootToken, "unseal_keys", server.unsealKeys)));
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // serve until the parent closes our standard input (or dies)
            }
        }
        System.exit(0);
    }
}
