package dev.arca.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.server.config.ServerConfig;
import dev.arca.server.config.ServerConfigLoader;
import dev.arca.server.route.Route;
import dev.arca.server.storage.Database;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real server for tests: in-process, on a free loopback port, with a real database, spoken to over real HTTP.
 * {@link #initAndUnseal} leaves it ready with a root token and a vault named {@code default}.
 */
public final class TestServer implements AutoCloseable {
    private static final ObjectMapper JSON = Json.lenient();
    private static final HttpClient PLAIN = HttpClient.newHttpClient();

    private final ServerConfig config;
    private final Clock clock;
    private ArcaServer server;
    private HttpClient http = PLAIN;
    public String rootToken;
    public List<String> unsealKeys = new ArrayList<>();

    private TestServer(ServerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.server = ArcaServer.start(config, clock);
    }

    public static TestServer start(Path dir) {
        return start(dir, Map.of());
    }

    /** Starts on {@code storage}, a {@code --storage} value (SQLite under {@code dir} when null). */
    public static TestServer start(Path dir, String storage) {
        return start(dir, storage, null);
    }

    /** Starts on {@code storage} with the audit trail in {@code auditFile} (under the data dir when null). */
    public static TestServer start(Path dir, String storage, Path auditFile) {
        var settings = new java.util.HashMap<String, String>();
        if (storage != null) {
            settings.put("storage", storage);
        }
        if (auditFile != null) {
            settings.put("audit_file", auditFile.toString());
        }
        return start(dir, settings);
    }

    /** Starts with these settings (names as in arca.toml) on top of a free port and a data dir under {@code dir}. */
    public static TestServer start(Path dir, Map<String, String> settings) {
        return start(dir, settings, Clock.systemUTC());
    }

    /** As {@link #start(Path, Map)}, the server telling time by {@code clock} (a {@link TestClock} moved by hand). */
    public static TestServer start(Path dir, Map<String, String> settings, Clock clock) {
        var loader = new ServerConfigLoader(dir.resolve("home"))
                .flag("listen", "127.0.0.1:0")
                .flag("data_dir", dir.resolve("data").toString());
        settings.forEach(loader::flag);
        return new TestServer(loader.load(), clock);
    }

    /** The running server's storage (to count statements; never to write behind the API's back). */
    public Database database() {
        return server.database();
    }

    public ServerConfig config() {
        return config;
    }

    /** Stops the server and starts a new one on the same data: it comes up sealed. */
    public void restart() {
        server.close();
        server = ArcaServer.start(config.withPort(0), clock);
    }

    /** Stops the server and starts a new one on the same data and the same port (URLs a client kept stay good). */
    public void restartOnTheSamePort() {
        int port = server.port();
        server.close();
        server = ArcaServer.start(config.withPort(port), clock);
    }

    /** Speaks to the server with {@code client} from now on (one that trusts the server's TLS certificate). */
    public TestServer using(HttpClient client) {
        this.http = client;
        return this;
    }

    public TestServer initAndUnseal() {
        Response init = call("POST", "/v1/sys/init", null, "{\"shares\":5,\"threshold\":3}");
        if (init.status() != 200) {
            throw new IllegalStateException("init failed: " + init);
        }
        rootToken = init.json().get("root_token").asText();
        init.json().get("unseal_keys").forEach(k -> unsealKeys.add(k.asText()));
        unseal(unsealKeys.get(0));
        unseal(unsealKeys.get(1));
        unseal(unsealKeys.get(2));
        Response vault = call("POST", "/v1/vaults", rootToken, "{\"name\":\"default\"}");
        if (vault.status() != 201) {
            throw new IllegalStateException("vault create failed: " + vault);
        }
        return this;
    }

    public Response unseal(String key) {
        return call("POST", "/v1/sys/unseal", null, "{\"key\":\"" + key + "\"}");
    }

    public String address() {
        return server.address();
    }

    /** The SikkerKey door's URL ({@code http://localhost:PORT}) when started with {@code sikkerkey_listen}. */
    public String sikkerkeyAddress() {
        return server.sikkerkeyAddress().orElseThrow(() -> new IllegalStateException("no sikkerkey_listen set"));
    }

    /** The SanctumAI door's listeners, when the settings ask for them ({@code sanctum_socket}, {@code sanctum_listen}). */
    public java.util.Optional<dev.arca.server.frontend.sanctum.SanctumListener> sanctum() {
        return server.sanctum();
    }

    /** The server's declared routes, to check a rule on every one of them. */
    public List<Route> routes() {
        return server.routes();
    }

    /** A raw request; {@code path} is sent exactly as given. */
    public Response call(String method, String path, String token, String body) {
        return call(method, path, token, body, Map.of());
    }

    public Response call(String method, String path, String token, String body, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create(address() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response root(String method, String path, String body) {
        return call(method, path, rootToken, body);
    }

    @Override
    public void close() {
        server.close();
    }

    public record Response(int status, String body, Map<String, List<String>> headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }

        public String errorCode() {
            return json().path("error").path("code").asText();
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }
}
