package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.storage.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real server process in the middle of a keyring rewrap (thousands of secrets, two values per
 * transaction): after a restart and unseal the rewrap goes on from the position its last committed batch stored, not
 * from the beginning, completes, and every value still reads — on SQLite and on PostgreSQL storage.
 */
@Tag("fault")
class KeyringRewrapCrashIT {
    private static final String V = "/v1/vaults/default";
    private static final int SECRETS = 2000;
    private static final Pattern RESUMED = Pattern.compile("keyring rewrap of term 2 running from (\\d+)/(\\d+) values");

    @TempDir
    Path dir;

    @Test
    void killDashNine_inMidRewrap_resumesAfterRestart_andEveryValueReads_onSqlite() throws Exception {
        crashAndResume(null);
    }

    @Test
    void killDashNine_inMidRewrap_resumesAfterRestart_andEveryValueReads_onPostgres() throws Exception {
        Optional<String> storage = TestDatabases.freshPostgres();
        Assumptions.assumeTrue(storage.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        crashAndResume(storage.get());
    }

    private void crashAndResume(String storage) throws Exception {
        int port = ArcaProcess.freePort();
        String key;
        String token;
        long doneAtKill;
        try (var server = ArcaProcess.start(dir, port, storage)) {
            JsonNode init = expect(200, server.send("POST", "/v1/sys/init", null, "{\"shares\":1,\"threshold\":1}"));
            key = init.path("unseal_keys").get(0).asText();
            token = init.path("root_token").asText();
            expect(200, server.send("POST", "/v1/sys/unseal", null, "{\"key\":\"" + key + "\"}"));
            expect(201, server.send("POST", "/v1/vaults", token, "{\"name\":\"default\"}"));
            expect(201, server.send("POST", V + "/projects", token, "{\"name\":\"app\"}"));
            writeSecrets(server, token);

            JsonNode rotated = expect(200, server.send("POST", "/v1/sys/rotate", token, "{\"batch_size\":2}"));
            assertThat(rotated.path("rewrap").path("total").asLong()).isEqualTo(SECRETS);
            JsonNode status;
            do {
                status = expect(200, server.send("GET", "/v1/sys/key-status", token, null)).path("rewrap");
            } while (status.path("done").asLong() < SECRETS / 10 && "running".equals(status.path("state").asText()));
            assertThat(status.path("state").asText()).as("the rewrap is still running when the kill lands")
                    .isEqualTo("running");
            doneAtKill = status.path("done").asLong();
            server.kill();
        }

        try (var restarted = ArcaProcess.start(dir, port, storage)) {
            assertThat(restarted.send("GET", "/v1/sys/key-status", token, null).status()).as("sealed").isEqualTo(503);
            expect(200, restarted.send("POST", "/v1/sys/unseal", null, "{\"key\":\"" + key + "\"}"));
            JsonNode done = awaitComplete(restarted, token);

            assertThat(done.path("term").asInt()).isEqualTo(2);
            assertThat(done.path("rewrap").path("done").asLong()).as("each value counted once")
                    .isEqualTo(SECRETS);
            assertThat(done.path("rewrap").path("total").asLong()).isEqualTo(SECRETS);
            assertThat(done.path("rewrap").path("skipped").asLong()).isZero();
            Matcher resumed = resumedFrom();
            assertThat(Long.parseLong(resumed.group(1))).as("the restarted rewrap went on from where it was cut")
                    .isGreaterThanOrEqualTo(doneAtKill).isGreaterThan(0).isLessThan(SECRETS);
            assertThat(Long.parseLong(resumed.group(2))).isEqualTo(SECRETS);
            readEverySecret(restarted, token);
        }
    }

    private static void writeSecrets(ArcaProcess server, String token) throws Exception {
        try (ExecutorService writers = Executors.newFixedThreadPool(4)) {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < SECRETS; i++) {
                int n = i;
                writes.add(writers.submit(() -> expect(200, server.send("PUT", V + "/secrets/app/s" + n, token,
                        "{\"value\":\"value-" + n + "\"}"))));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        }
    }

    private static void readEverySecret(ArcaProcess server, String token) throws Exception {
        try (ExecutorService readers = Executors.newFixedThreadPool(4)) {
            List<Future<?>> reads = new ArrayList<>();
            for (int i = 0; i < SECRETS; i++) {
                int n = i;
                reads.add(readers.submit(() -> {
                    JsonNode secret = expect(200, server.send("GET", V + "/secrets/app/s" + n, token, null));
                    assertThat(secret.path("value").asText()).isEqualTo("value-" + n);
                    return null;
                }));
            }
            for (Future<?> read : reads) {
                read.get();
            }
        }
    }

    /** The line the restarted server logged when its rewrap went on. */
    private Matcher resumedFrom() throws Exception {
        Matcher last = null;
        Matcher matcher = RESUMED.matcher(Files.readString(dir.resolve("server.log")));
        while (matcher.find()) {
            last = RESUMED.matcher(matcher.group());
            assertThat(last.matches()).isTrue();
        }
        assertThat(last).as("the server logs where its rewrap runs from").isNotNull();
        return last;
    }

    private static JsonNode awaitComplete(ArcaProcess server, String token) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        JsonNode status;
        do {
            Thread.sleep(200);
            status = expect(200, server.send("GET", "/v1/sys/key-status", token, null));
        } while (!"complete".equals(status.path("rewrap").path("state").asText()) && System.nanoTime() < deadline);
        assertThat(status.path("rewrap").path("state").asText()).as(status.toString()).isEqualTo("complete");
        return status;
    }

    private static JsonNode expect(int status, ArcaProcess.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        return answer.json();
    }
}
