package dev.arca.server.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestClock;
import dev.arca.server.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password guessing on {@code POST /v1/auth/login} is slowed per user and address and per address, never by a
 * lock-out an attacker can use against the user. Requests come from several loopback addresses (127.0.0.x), and
 * time is a {@link TestClock} moved by hand, so no test sleeps.
 */
class LoginThrottleIT {
    private static final String PASSWORD = "correct horse battery staple";
    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3})");
    private static final Pattern RETRY_AFTER = Pattern.compile("(?im)^Retry-After: (\\d+)\\r?$");

    @TempDir
    Path dir;
    TestClock clock = new TestClock(Instant.now());
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir, Map.of(), clock).initAndUnseal();
        assertThat(server.root("POST", "/v1/vaults/default/users",
                "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\"}").status()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void afterFiveFailures_theAddressWaitsForThatUser_evenWithTheRightPassword() throws IOException {
        for (int i = 0; i < 5; i++) {
            assertThat(login("127.0.0.1", "alice", "wrong " + i).status()).isEqualTo(401);
        }
        Answer throttled = login("127.0.0.1", "alice", PASSWORD);
        assertThat(throttled.status()).as(throttled.raw()).isEqualTo(429);
        assertThat(throttled.retryAfter()).isEqualTo(1);
        assertThat(throttled.raw()).contains("rate_limited").contains("retry in 1 s").doesNotContain("token\"");

        clock.advance(Duration.ofSeconds(1));
        assertThat(login("127.0.0.1", "alice", PASSWORD).status()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertThat(login("127.0.0.1", "alice", "wrong again " + i).status()).as("a success starts afresh")
                    .isEqualTo(401);
        }
        assertThat(login("127.0.0.1", "alice", "wrong").status()).isEqualTo(429);
    }

    @Test
    void eachFurtherFailure_doublesTheWait_upToFifteenMinutes() throws IOException {
        for (int i = 0; i < 5; i++) {
            login("127.0.0.1", "alice", "wrong " + i);
        }
        long wait = 1;
        for (int round = 0; round < 12; round++) {
            clock.advance(Duration.ofSeconds(wait - 1));
            assertThat(login("127.0.0.1", "alice", "early").retryAfter()).as("round " + round).isEqualTo(1);
            clock.advance(Duration.ofSeconds(1));
            assertThat(login("127.0.0.1", "alice", "wrong in round " + round).status()).isEqualTo(401);
            wait = Math.min(wait * 2, 900);
            Answer next = login("127.0.0.1", "alice", PASSWORD);
            assertThat(next.status()).isEqualTo(429);
            assertThat(next.retryAfter()).as("round " + round).isEqualTo(wait);
        }
        assertThat(wait).isEqualTo(900);
    }

    @Test
    void anUnknownUser_getsExactlyTheSameAnswers() throws IOException {
        for (String user : List.of("alice", "nobody")) {
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                Answer answer = login("127.0.0.2", user, "wrong " + i);
                answers.add(answer.status() + " " + answer.retryAfter() + " " + answer.message());
            }
            assertThat(answers).as(user).containsExactly(
                    "401 -1 wrong username or password", "401 -1 wrong username or password",
                    "401 -1 wrong username or password", "401 -1 wrong username or password",
                    "401 -1 wrong username or password",
                    "429 1 too many failed logins for this user from 127.0.0.2; retry in 1 s (each further failure "
                            + "doubles the wait, up to 15 min)",
                    "429 1 too many failed logins for this user from 127.0.0.2; retry in 1 s (each further failure "
                            + "doubles the wait, up to 15 min)");
            clock.advance(Duration.ofHours(2));
        }
    }

    @Test
    void aUserUnderAttackFromOtherAddresses_stillLogsInFromItsOwn() throws IOException {
        for (int address = 10; address < 14; address++) {
            for (int i = 0; i < 5; i++) {
                assertThat(login("127.0.0." + address, "alice", "guess " + i).status()).isEqualTo(401);
            }
            assertThat(login("127.0.0." + address, "alice", "guess").status()).isEqualTo(429);
        }
        // twenty failures in all: a new address now gets one before its backoff (the soft per-user cap)
        assertThat(login("127.0.0.20", "alice", "guess").status()).isEqualTo(401);
        assertThat(login("127.0.0.20", "alice", "guess").status()).isEqualTo(429);
        // and the user, from an address that has not failed, is not refused
        assertThat(login("127.0.0.1", "alice", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void oneAddressSprayingUsernames_waitsAfterFiftyFailures() throws IOException {
        for (int i = 0; i < 50; i++) {
            assertThat(login("127.0.0.3", "user" + i, "guess").status()).as("attempt " + i).isEqualTo(401);
        }
        Answer throttled = login("127.0.0.3", "alice", PASSWORD);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.message()).startsWith("too many failed logins from 127.0.0.3;");
        assertThat(login("127.0.0.4", "alice", PASSWORD).status()).as("another address").isEqualTo(200);
    }

    @Test
    void twentyConcurrentGuesses_getFiveAnswersAndFifteenRefusals() throws Exception {
        List<Future<Integer>> attempts = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) {
                String guess = "guess " + i;
                attempts.add(pool.submit(() -> login("127.0.0.5", "alice", guess).status()));
            }
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> attempt : attempts) {
            statuses.add(attempt.get());
        }
        assertThat(statuses).filteredOn(s -> s == 401).hasSize(5);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(15);
    }

    @Test
    void failuresAreForgottenAnHourAfterTheLast() throws IOException {
        for (int i = 0; i < 5; i++) {
            login("127.0.0.6", "alice", "wrong " + i);
        }
        assertThat(login("127.0.0.6", "alice", "wrong").status()).isEqualTo(429);
        clock.advance(Duration.ofMinutes(61));
        for (int i = 0; i < 5; i++) {
            assertThat(login("127.0.0.6", "alice", "wrong later " + i).status()).isEqualTo(401);
        }
    }

    record Answer(int status, long retryAfter, String message, String raw) {}

    /** A login sent from {@code localAddress} (any 127.0.0.x reaches the server's 127.0.0.1). */
    private Answer login(String localAddress, String username, String password) throws IOException {
        URI uri = URI.create(server.address());
        String body = "{\"vault\":\"default\",\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
        try (var socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher status = STATUS.matcher(raw);
            assertThat(status.find()).as(raw).isTrue();
            Matcher retry = RETRY_AFTER.matcher(raw);
            String json = raw.substring(raw.indexOf("\r\n\r\n") + 4);
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            return new Answer(Integer.parseInt(status.group(1)), retry.find() ? Long.parseLong(retry.group(1)) : -1,
                    node.path("error").path("message").asText(), raw);
        }
    }
}
