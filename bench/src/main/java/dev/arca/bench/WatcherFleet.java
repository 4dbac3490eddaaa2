package dev.arca.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The watchers of {@code watch-fanout} and {@code watch-fanout-sse}, in a process of their own: N watchers of one
 * secret hold N sockets here and N in the server, more than one process may open on a machine with a
 * 20,000-descriptor limit, and their CPU is not the server's. Each watcher either long-polls
 * {@code GET /v1/secrets/{id}/watch} and polls again ({@code poll}), or holds one event stream
 * {@code GET /v1/vaults/{vault}/events?secrets={id}} open ({@code events}); it notes the wall-clock instant (epoch
 * µs, comparable across the two processes) a new version reached it. When all N heard version V it prints
 * {@code heard V <µs>,<µs>,…}; a failure prints {@code error <what>}. Event streams print {@code ready} once all N
 * are open (the server's comment line says a stream is subscribed). It exits when its stdin closes.
 *
 * <p>Arguments: {@code ADDRESS TOKEN SECRET_ID SINCE_VERSION WATCHERS [poll|events VAULT]}.
 */
public final class WatcherFleet {
    private static final String WAIT = "30s";

    /** How the watchers hear a change. */
    enum Transport {
        POLL, EVENTS;

        String argument() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();
    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private final Map<Integer, long[]> heard = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final URI address;
    private final String token;
    private final String secretId;
    private final int watchers;

    private WatcherFleet(URI address, String token, String secretId, int watchers) {
        this.address = address;
        this.token = token;
        this.secretId = secretId;
        this.watchers = watchers;
    }

    public static void main(String[] args) throws IOException {
        var fleet = new WatcherFleet(URI.create(args[0]), args[1], args[2], Integer.parseInt(args[4]));
        int since = Integer.parseInt(args[3]);
        Transport transport = args.length > 5 ? Transport.valueOf(args[5].toUpperCase(Locale.ROOT)) : Transport.POLL;
        for (int w = 0; w < fleet.watchers; w++) {
            int watcher = w;
            Thread.ofVirtual().start(switch (transport) {
                case POLL -> () -> fleet.poll(watcher, since);
                case EVENTS -> () -> fleet.listen(watcher, args[6]);
            });
        }
        while (System.in.read() >= 0) {
            // the parent closes our stdin when it is done; until then the watchers run
        }
        System.exit(0);
    }

    private void poll(int watcher, int since) {
        int version = since;
        while (true) {
            try {
                HttpResponse<String> response = http.send(request("/v1/secrets/" + secretId + "/watch?since="
                        + version + "&wait=" + WAIT).timeout(Duration.ofSeconds(90)).build(),
                        HttpResponse.BodyHandlers.ofString());
                long now = epochMicros();
                if (response.statusCode() == 200) {
                    version = BenchHttp.JSON.readTree(response.body()).path("version").asInt(version);
                    heard(watcher, version, now);
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
    }

    /** One event stream, opened again if it ends; each {@code data:} line of a change is one version heard. */
    private void listen(int watcher, String vault) {
        while (true) {
            try {
                HttpResponse<Stream<String>> response = http.send(request("/v1/vaults/" + vault + "/events?secrets="
                        + secretId).build(), HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() != 200) {
                    out.println("error status " + response.statusCode());
                    response.body().close();
                    Thread.sleep(1000);
                    continue;
                }
                boolean[] subscribed = {false};
                try (Stream<String> lines = response.body()) {
                    lines.peek(line -> {
                        if (!subscribed[0] && line.startsWith(": watching")) {
                            subscribed[0] = true;
                            opened();
                        }
                    }).filter(line -> line.startsWith("data: ")).forEach(line -> {
                        long now = epochMicros();
                        try {
                            JsonNode event = BenchHttp.JSON.readTree(line.substring("data: ".length()));
                            if (event.path("type").asText().equals("changed")) {
                                heard(watcher, event.path("version").asInt(), now);
                            } else {
                                out.println("error event " + event.path("type").asText());
                            }
                        } catch (IOException e) {
                            out.println("error unreadable event");
                        }
                    });
                }
            } catch (IOException | UncheckedIOException e) {
                out.println("error " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Only the first opening of each stream counts: a stream opened again after an end is an error already told. */
    private void opened() {
        if (open.incrementAndGet() == watchers) {
            out.println("ready");
        }
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(address.resolve(pathAndQuery)).header("Authorization", "Bearer " + token);
    }

    private void heard(int watcher, int version, long now) {
        heard.computeIfAbsent(version, v -> new long[watchers])[watcher] = now;
        if (counts.computeIfAbsent(version, v -> new AtomicInteger()).incrementAndGet() == watchers) {
            report(version, heard.remove(version));
        }
    }

    private void report(int version, long[] instants) {
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
