package dev.arca.server.database.plugin.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.SecretText;
import dev.arca.server.database.plugin.DatabaseClient;
import dev.arca.server.database.plugin.DatabaseException;
import dev.arca.server.database.plugin.NewUser;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/** {@link RedisPlugin} against the real Redis on 127.0.0.1:6379 (skipped loudly when it is not reachable). */
class RedisPluginIT {
    private static final String PREFIX = "arca_it_";
    private static final List<String> DEFAULT_RULES = new RedisPlugin().defaults().creation();

    private DatabaseClient client;

    @BeforeEach
    void open() {
        RedisTestServer.assumeReachable();
        client = new RedisPlugin().open(RedisTestServer.settings());
    }

    @AfterEach
    void cleanUp() {
        if (client != null) {
            client.close();
        }
        try (Jedis admin = RedisTestServer.admin()) {
            for (String user : admin.aclUsers()) {
                if (user.startsWith(PREFIX) || user.startsWith("arca-check-")) {
                    admin.aclDelUser(user);
                }
            }
            admin.del("arca_it_key");
        } catch (JedisException e) {
            // Redis unreachable: the test was skipped and made nothing
        }
    }

    @Test
    void create_defaultRules_readsButCannotWrite() throws Exception {
        NewUser user = newUser();
        client.create(user, DEFAULT_RULES);

        String get = redisCli(user.username(), user.password().reveal(), "GET", "arca_it_key");
        String set = redisCli(user.username(), user.password().reveal(), "SET", "arca_it_key", "x");

        assertThat(get).doesNotContain("ERR", "NOPERM", "WRONGPASS", "AUTH failed");
        assertThat(set).contains("NOPERM");
        try (Jedis admin = RedisTestServer.admin()) {
            assertThat(admin.exists("arca_it_key")).isFalse();
        }
    }

    @Test
    void create_rendersNameIntoRules_keysLimitedToTheUsersPrefix() {
        NewUser user = newUser();
        client.create(user, List.of("~{{name}}:*", "+get"));

        try (Jedis session = RedisTestServer.loggedIn(user.username(), user.password().reveal())) {
            assertThat(session.get(user.username() + ":k")).isNull();
            assertThatThrownBy(() -> session.get("arca_it_key")).isInstanceOf(JedisDataException.class)
                    .hasMessageContaining("NOPERM");
        }
    }

    @Test
    void create_existingName_failsWithoutChangingIt() {
        NewUser user = newUser();
        client.create(user, DEFAULT_RULES);
        NewUser again = new NewUser(user.username(), SecretText.of(randomPassword()), user.expiration());

        assertThatThrownBy(() -> client.create(again, List.of("~*", "+@all")))
                .isInstanceOf(DatabaseException.Failed.class).hasMessageContaining("already exists");
        assertThat(logsIn(user.username(), user.password().reveal())).isTrue();
        assertThat(logsIn(again.username(), again.password().reveal())).isFalse();
    }

    @Test
    void create_invalidRule_failsWithRedisMessageAndLeavesNoUser() {
        NewUser user = newUser();

        assertThatThrownBy(() -> client.create(user, List.of("~*", "+@nosuchcategory")))
                .isInstanceOf(DatabaseException.Failed.class)
                .hasMessageContaining("Error in ACL SETUSER modifier '+@nosuchcategory'")
                .message().doesNotContain(user.password().reveal());
        assertThat(client.exists(user.username())).isFalse();
    }

    @Test
    void revoke_user_loginRefusedAndOpenSessionClosed() throws Exception {
        NewUser user = newUser();
        client.create(user, DEFAULT_RULES);
        try (Jedis session = RedisTestServer.loggedIn(user.username(), user.password().reveal())) {
            assertThat(session.get("arca_it_key")).isNull();

            client.revoke(user.username(), List.of());

            assertThatThrownBy(() -> session.get("arca_it_key")).isInstanceOf(JedisConnectionException.class);
        }
        assertThat(redisCli(user.username(), user.password().reveal(), "GET", "arca_it_key"))
                .containsAnyOf("WRONGPASS", "invalid username-password pair");
        assertThat(client.exists(user.username())).isFalse();
    }

    @Test
    void revoke_twice_succeeds() {
        NewUser user = newUser();
        client.create(user, DEFAULT_RULES);

        client.revoke(user.username(), List.of());

        assertThatCode(() -> client.revoke(user.username(), List.of())).doesNotThrowAnyException();
        assertThat(client.exists(user.username())).isFalse();
    }

    @Test
    void revoke_userDeletedByHand_succeeds() {
        NewUser user = newUser();
        client.create(user, DEFAULT_RULES);
        try (Jedis admin = RedisTestServer.admin()) {
            assertThat(admin.aclDelUser(user.username())).isEqualTo(1);
        }

        assertThatCode(() -> client.revoke(user.username(), List.of())).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {">x", "<x", "#5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8", "!abc",
            "nopass", "NOPASS", "resetpass", "on", "off", "reset", "~a +@all", " "})
    void create_ruleArcaOwnsOrWithWhitespace_refusedBeforeReachingRedis(String rule) throws IOException {
        // a client on a port nobody listens on: Failed, not Unavailable, proves Redis was never asked
        try (DatabaseClient nowhere = new RedisPlugin().open(RedisTestServer.settings("redis://127.0.0.1:"
                + closedPort(), "default", ""))) {
            assertThatThrownBy(() -> nowhere.create(newUser(), List.of("~*", rule)))
                    .isInstanceOf(DatabaseException.Failed.class);
            assertThatThrownBy(() -> nowhere.check(List.of(rule))).isInstanceOf(DatabaseException.Failed.class);
            assertThatThrownBy(() -> nowhere.setPassword("arca_it_x", SecretText.of(randomPassword()),
                    List.of(rule))).isInstanceOf(DatabaseException.Failed.class);
        }
    }

    @Test
    void create_passwordRule_messageDoesNotQuoteIt() {
        assertThatThrownBy(() -> client.create(newUser(), List.of(">hunter2hunter2")))
                .isInstanceOf(DatabaseException.Failed.class).message().doesNotContain("hunter2");
    }

    @Test
    void check_invalidRule_failsWithRedisMessageAndLeavesNoScratchUser() {
        assertThatThrownBy(() -> client.check(List.of("~*", "+nosuchcommand")))
                .isInstanceOf(DatabaseException.Failed.class)
                .hasMessageContaining("Error in ACL SETUSER modifier '+nosuchcommand'");
        assertThat(client.usersStartingWith("arca-check-")).isEmpty();
    }

    @Test
    void check_validRules_leavesNoScratchUser() {
        assertThatCode(() -> client.check(List.of("~{{name}}:*", "+@read", "-keys"))).doesNotThrowAnyException();
        assertThat(client.usersStartingWith("arca-check-")).isEmpty();
    }

    @Test
    void verify_unreachablePort_isUnavailable() throws IOException {
        try (DatabaseClient nowhere = new RedisPlugin().open(RedisTestServer.settings("redis://127.0.0.1:"
                + closedPort(), "default", ""))) {
            assertThatThrownBy(nowhere::verify).isInstanceOf(DatabaseException.Unavailable.class);
            assertThatThrownBy(() -> nowhere.revoke("arca_it_x", List.of()))
                    .isInstanceOf(DatabaseException.Unavailable.class);
        }
    }

    @Test
    void verify_wrongRootPassword_isUnavailable() {
        String root = PREFIX + "root_" + randomSuffix();
        String rootPassword = randomPassword();
        try (Jedis admin = RedisTestServer.admin()) {
            admin.aclSetUser(root, "reset", "on", ">" + rootPassword, "~*", "&*", "+@all");
        }
        String wrong = randomPassword();
        try (DatabaseClient wrongLogin = new RedisPlugin().open(RedisTestServer.settings(RedisTestServer.URL, root,
                wrong));
                DatabaseClient rightLogin = new RedisPlugin().open(RedisTestServer.settings(RedisTestServer.URL,
                        root, rootPassword))) {
            assertThatThrownBy(wrongLogin::verify).isInstanceOf(DatabaseException.Unavailable.class)
                    .message().doesNotContain(wrong);
            assertThatThrownBy(() -> wrongLogin.create(newUser(), DEFAULT_RULES))
                    .isInstanceOf(DatabaseException.Unavailable.class);

            assertThatCode(rightLogin::verify).doesNotThrowAnyException();
            NewUser user = newUser();
            rightLogin.create(user, DEFAULT_RULES);
            assertThat(logsIn(user.username(), user.password().reveal())).isTrue();
        }
    }

    @Test
    void verify_rootWithoutAclRights_createFailsNotUnavailable() {
        String weak = PREFIX + "weak_" + randomSuffix();
        String weakPassword = randomPassword();
        try (Jedis admin = RedisTestServer.admin()) {
            admin.aclSetUser(weak, "reset", "on", ">" + weakPassword, "~*", "+@read", "+ping");
        }
        try (DatabaseClient weakRoot = new RedisPlugin().open(RedisTestServer.settings(RedisTestServer.URL, weak,
                weakPassword))) {
            assertThatCode(weakRoot::verify).doesNotThrowAnyException();
            assertThatThrownBy(() -> weakRoot.create(newUser(), DEFAULT_RULES))
                    .isInstanceOf(DatabaseException.Failed.class).hasMessageContaining("NOPERM");
        }
    }

    @Test
    void setPassword_newPasswordLogsIn_oldRefused_rulesKept() {
        NewUser user = newUser();
        client.create(user, DEFAULT_RULES);
        String next = randomPassword();

        client.setPassword(user.username(), SecretText.of(next), List.of());

        assertThat(logsIn(user.username(), user.password().reveal())).isFalse();
        assertThat(logsIn(user.username(), next)).isTrue();
        try (Jedis session = RedisTestServer.loggedIn(user.username(), next)) {
            assertThatThrownBy(() -> session.set("arca_it_key", "x")).hasMessageContaining("NOPERM");
        }
    }

    @Test
    void setPassword_missingUser_failsWithoutMakingIt() {
        String name = PREFIX + randomSuffix();

        assertThatThrownBy(() -> client.setPassword(name, SecretText.of(randomPassword()), List.of()))
                .isInstanceOf(DatabaseException.Failed.class).hasMessageContaining("does not exist");
        assertThat(client.exists(name)).isFalse();
    }

    @Test
    void renew_user_stillLogsIn() {
        NewUser user = newUser();
        client.create(user, DEFAULT_RULES);

        client.renew(user.username(), Instant.now().plusSeconds(3600), List.of());

        assertThat(logsIn(user.username(), user.password().reveal())).isTrue();
    }

    @Test
    void usersStartingWith_listsOnlyMatchingUsers() {
        String prefix = PREFIX + randomSuffix() + "_";
        NewUser first = newUser(prefix + "a");
        NewUser second = newUser(prefix + "b");
        client.create(first, DEFAULT_RULES);
        client.create(second, DEFAULT_RULES);
        client.create(newUser(), DEFAULT_RULES);

        assertThat(client.usersStartingWith(prefix)).containsExactlyInAnyOrder(first.username(), second.username());
        assertThat(client.exists(first.username())).isTrue();
        assertThat(client.exists(prefix + "c")).isFalse();
    }

    private static NewUser newUser() {
        return newUser(PREFIX + randomSuffix());
    }

    private static NewUser newUser(String name) {
        return new NewUser(name, SecretText.of(randomPassword()), Instant.now().plusSeconds(3600));
    }

    private static String randomSuffix() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    private static String randomPassword() {
        return "pw-" + randomSuffix() + randomSuffix();
    }

    private static boolean logsIn(String username, String password) {
        try (Jedis session = RedisTestServer.loggedIn(username, password)) {
            return session.isConnected();
        } catch (JedisDataException e) {
            assertThat(e.getMessage()).contains("WRONGPASS");
            return false;
        }
    }

    private static int closedPort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The real redis-cli as {@code username}, its password in REDISCLI_AUTH (not on a command line). */
    private static String redisCli(String username, String password, String... command) throws Exception {
        Path redisCli = Path.of("/usr/bin/redis-cli");
        if (!Files.isExecutable(redisCli)) {
            System.err.println("*** SKIPPING a Redis test: redis-cli is not installed ***");
            Assumptions.abort("redis-cli is not installed");
        }
        var arguments = new java.util.ArrayList<>(List.of(redisCli.toString(), "--user", username, "-h",
                RedisTestServer.HOST, "-p", String.valueOf(RedisTestServer.PORT)));
        arguments.addAll(List.of(command));
        var builder = new ProcessBuilder(arguments).redirectErrorStream(true);
        builder.environment().put("REDISCLI_AUTH", password);
        Process process = builder.start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("redis-cli finished").isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
