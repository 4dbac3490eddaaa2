package dev.arca.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The watchers of {@code watch-fanout}, in a process of their own: N long polls on one secret hold N sockets here
 * and N in the server, more than one process may open on a machine with a 20,000-descriptor limit. Each watcher
 * long-polls {@code GET /v1/secrets/{id}/watch}, notes the wall-clock instant (epoch µs, comparable across the two
 * processes) a new version reached it, and polls again. When all N heard version V it prints
 * {@code heard V <µs>,<µs>,…}; a failure prints {@code error <what>}. It exits when its stdin closes.
 *
 * <p>Arguments: {@code ADDRESS TOKEN SECRET_ID SINCE_VERSION WATCHERS}.
 */
public final class WatcherFleet {
    private static final String WAIT = "30s";

    private WatcherFleet() {}

    public static void main(String[] args) throws IOException {
        URI address = URI.create(args[0]);
        String token = args[1];
        String secretId = args[2];
        int since = Integer.parseInt(args[3]);
        int watchers = Integer.parseInt(args[4]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Map<Integer, long[]> heard = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        for (int w = 0; w < watchers; w++) {
            int watcher = w;
            Thread.ofVirtual().start(() -> {
                int version = since;
                while (true) {
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(address.resolve(
                                "/v1/secrets/" + secretId + "/watch?since=" + version + "&wait=" + WAIT))
                                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(90)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        long now = epochMicros();
                        if (response.statusCode() == 200) {
                            JsonNode event = BenchHttp.JSON.readTree(response.body());
                            version = event.path("version").asInt(version);
                            heard.computeIfAbsent(version, v -> new long[watchers])[watcher] = now;
                            if (counts.computeIfAbsent(version, v -> new AtomicInteger()).incrementAndGet()
                                    == watchers) {
                                report(out, version, heard.remove(version));
                            }
                        } else if (response.statusCode() != 204) {
                            out.println("error status " + response.statusCode());
                            Thread.sleep(1000);
                        }
                    } catch (IOException e) {
                        out.println("error " + e.getClass().getSimpleName());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        while (System.in.read() >= 0) {
            // the parent closes our stdin when it is done; until then the watchers run
        }
        System.exit(0);
    }

    private static void report(PrintStream out, int version, long[] instants) {
        var line = new StringJoiner(",", "heard " + version + " ", "");
        for (long instant : instants) {
            line.add(Long.toString(instant));
        }
        out.println(line);
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }
}
