package dev.arca.server.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.server.TestServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of long polls over real HTTP on one in-process server, all woken by one write. Prints how long the
 * last one took to hear it (the target is under a second) and checks that waiting costs no platform thread each.
 */
class WatchScaleIT {
    private static final int WATCHERS = 5_000;
    private static final ObjectMapper JSON = Json.lenient();
    private static final Pattern WATCHER_GAUGE = Pattern.compile("(?m)^arca_watchers (\\d+)");

    @TempDir
    Path dir;

    @Test
    void fiveThousandLongPolls_allHearOneWrite_withoutAPlatformThreadEach() throws Exception {
        try (TestServer server = TestServer.start(dir).initAndUnseal();
                ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .executor(virtualThreads).build()) {
            server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
            String id = server.root("PUT", "/v1/vaults/default/secrets/app/hot", "{\"value\":\"v1\"}").json()
                    .path("id").asText();
            var request = HttpRequest.newBuilder(URI.create(server.address() + "/v1/secrets/" + id
                    + "/watch?since=1&wait=60s")).header("Authorization", "Bearer " + server.rootToken).build();

            long opening = System.nanoTime();
            long[] delivered = new long[WATCHERS];
            List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
            for (int i = 0; i < WATCHERS; i++) {
                int watcher = i;
                polls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, error) -> delivered[watcher] = System.nanoTime()));
            }
            awaitWatchers(server, WATCHERS, Duration.ofSeconds(60));
            int platformThreads = ManagementFactory.getThreadMXBean().getThreadCount();
            System.out.printf("%d long polls waiting after %d ms; platform threads in this JVM: %d%n", WATCHERS,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opening), platformThreads);

            long published = System.nanoTime();
            assertThat(server.root("PUT", "/v1/vaults/default/secrets/app/hot", "{\"value\":\"v2\"}").status())
                    .isEqualTo(200);
            long acknowledged = System.nanoTime();
            CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            long[] afterWrite = Arrays.stream(delivered).map(t -> TimeUnit.NANOSECONDS.toMillis(t - published))
                    .sorted().toArray();
            System.out.printf("%d long polls heard the write (ms after it was sent; acknowledged after %d ms): "
                    + "first %d, median %d, 99%% %d, last %d%n", WATCHERS,
                    TimeUnit.NANOSECONDS.toMillis(acknowledged - published), afterWrite[0],
                    afterWrite[WATCHERS / 2], afterWrite[WATCHERS * 99 / 100], afterWrite[WATCHERS - 1]);

            for (var poll : polls) {
                HttpResponse<String> response = poll.join();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode event = JSON.readTree(response.body());
                assertThat(event.path("version").asInt()).isEqualTo(2);
                assertThat(event.path("value").asText()).isEqualTo("v2");
            }
            assertThat(platformThreads).as("platform threads while %d watchers wait", WATCHERS).isLessThan(200);
        }
    }

    private static void awaitWatchers(TestServer server, int count, Duration max) throws InterruptedException,
            IOException {
        long deadline = System.nanoTime() + max.toNanos();
        int waiting = 0;
        while (waiting < count) {
            assertThat(System.nanoTime()).as("%d of %d watchers waiting in time", waiting, count).isLessThan(deadline);
            Thread.sleep(100);
            Matcher gauge = WATCHER_GAUGE.matcher(server.root("GET", "/v1/sys/metrics", null).body());
            waiting = gauge.find() ? Integer.parseInt(gauge.group(1)) : 0;
        }
    }
}
