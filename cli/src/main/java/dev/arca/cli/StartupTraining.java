package dev.arca.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The workload {@code bin/arca} trains its ahead-of-time cache on (JEP 483/514: {@code -XX:AOTCacheOutput}): the
 * commands people run most, so that the classes of help, the SDK, HTTP and JSON are loaded and linked from the cache.
 * The client commands talk to a stand-in on a loopback port that answers as a server would (so reading answers is
 * trained too), then once to a closed port; nothing is written anywhere.
 */
final class StartupTraining {
    private static final List<List<String>> COMMANDS = List.of(
            List.of("--help"), List.of("secret", "--help"), List.of("secret", "get", "--help"), List.of("version"),
            List.of("status"), List.of("status", "--format", "json"), List.of("secret", "get", "app/db"),
            List.of("secret", "get", "app/db", "--format", "json"), List.of("secret", "get", "app/missing"));

    /** Answers by path, in the shapes of a real server's; anything else is a 404 in the error shape. */
    private static final Map<String, String> ANSWERS = Map.of(
            "/v1/sys/seal-status", """
                    {"initialized":true,"sealed":false,"shares":1,"threshold":1,"progress":0,"version":"0"}""",
            "/v1/tokens/self", """
                    {"accessor":"acc_training","display_name":"training","policies":["root"],\
                    "created_at":"2026-01-01T00:00:00.000Z"}""",
            "/v1/vaults/training/secrets/app/db", """
                    {"id":"sk_training","path":"app/db","version":1,"type":"json","value":"{}","fields":{},\
                    "created_at":"2026-01-01T00:00:00.000Z"}""",
            "/v1/vaults", """
                    {"data":[{"id":"vault_training","name":"training","allowed_cidrs":[],\
                    "created_at":"2026-01-01T00:00:00.000Z"}],"has_more":false}""");
    private static final String NOT_FOUND = """
            {"error":{"code":"not_found","message":"nothing here","details":{},"request_id":"req_training"}}""";

    private StartupTraining() {}

    public static void main(String[] args) throws IOException {
        run();
    }

    /** Runs the workload; answers the exit codes of the commands run against the stand-in, in order. */
    static List<Integer> run() throws IOException {
        HttpServer standIn = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        standIn.createContext("/", StartupTraining::answer);
        standIn.start();
        try {
            String address = "http://127.0.0.1:" + standIn.getAddress().getPort();
            List<Integer> answered = train(address);
            // port 1 refuses at once: the error path of a server that is down
            train("http://127.0.0.1:1");
            return answered;
        } finally {
            standIn.stop(0);
        }
    }

    private static List<Integer> train(String address) {
        // a token and a home that does not exist keep the run away from the user's files
        var env = Map.of("ARCA_ADDR", address, "ARCA_TOKEN", "arca_training",
                "ARCA_HOME", "/nonexistent/arca-training", "ARCA_VAULT", "training");
        var discard = new PrintWriter(Writer.nullWriter());
        return COMMANDS.stream()
                .map(command -> ArcaCommand.run(command.toArray(String[]::new), discard, discard, env)).toList();
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = ANSWERS.get(path);
        byte[] bytes = (body == null ? NOT_FOUND : body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
