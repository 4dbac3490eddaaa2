package dev.arca.server.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import dev.arca.server.storage.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users, TOTP, login and groups over real HTTP against a real server and SQLite file. */
class UserApiIT {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String USERS = "/v1/vaults/default/users";

    @TempDir
    Path dir;
    TestServer server;
    String vaultId;

    /** The {@code --storage} value; null = SQLite under the temp dir. */
    String storage() {
        return null;
    }

    @BeforeEach
    void start() {
        server = TestServer.start(dir, storage()).initAndUnseal();
        vaultId = server.root("GET", "/v1/vaults/default", null).json().path("id").asText();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void createdUser_logsIn_andItsTokenActsAsTheUser() {
        var created = server.root("POST", USERS, userBody("alice", PASSWORD));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("username").asText()).isEqualTo("alice");
        assertThat(created.json().path("vault_id").asText()).isEqualTo(vaultId);
        assertThat(created.json().path("totp_enabled").asBoolean()).isFalse();
        assertThat(created.body()).doesNotContain(PASSWORD).doesNotContain("argon2");

        var login = login("default", "alice", PASSWORD, null);
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        assertThat(login.json().path("token").asText()).startsWith("arca_");
        assertThat(login.json().path("mfa").asBoolean()).isFalse();
        Instant expires = Instant.parse(login.json().path("expires_at").asText());
        assertThat(expires).isBetween(Instant.now().plusSeconds(8 * 3600 - 60), Instant.now().plusSeconds(8 * 3600));

        var self = server.call("GET", "/v1/tokens/self", login.json().path("token").asText(), null);
        assertThat(self.status()).as(self.body()).isEqualTo(200);
        assertThat(self.json().path("owner").asText()).isEqualTo("user:alice");
        assertThat(self.json().path("vault_id").asText()).isEqualTo(vaultId);
        assertThat(login("default", "alice", PASSWORD, null).status()).as("login by vault id").isEqualTo(200);
        assertThat(login(vaultId, "alice", PASSWORD, null).status()).isEqualTo(200);
    }

    @Test
    void storedPassword_isAnArgon2idHash_andNothingElse() {
        server.root("POST", USERS, userBody("alice", PASSWORD));
        try (Database db = Database.open(server.config().storage())) {
            String hash = db.read(h -> h.createQuery("SELECT password_hash FROM users WHERE username = 'alice'")
                    .mapTo(String.class).one());
            assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(PASSWORD);
        }
    }

    @Test
    void badUserInput_is400NamingTheField_andStoresNothing() {
        assertField(server.root("POST", USERS, userBody("alice", "short")), "password");
        assertField(server.root("POST", USERS, userBody("alice", "x".repeat(1025))), "password");
        assertField(server.root("POST", USERS, "{\"username\":\"alice\"}"), "password");
        assertField(server.root("POST", USERS, userBody("Alice", PASSWORD)), "username");
        assertField(server.root("POST", USERS, userBody("-alice", PASSWORD)), "username");
        assertField(server.root("POST", USERS, userBody("a".repeat(65), PASSWORD)), "username");
        assertThat(server.root("GET", USERS, null).json().path("data")).isEmpty();

        assertThat(server.root("POST", USERS, userBody("alice", "é".repeat(12))).status()).isEqualTo(201);
        var duplicate = server.root("POST", USERS, userBody("alice", PASSWORD));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(login("default", "alice", PASSWORD, null).status()).as("the first password stays").isEqualTo(401);
    }

    @Test
    void usersList_isPagedInNameOrder() {
        for (String name : new String[] {"carol", "alice", "bob"}) {
            server.root("POST", USERS, userBody(name, PASSWORD));
        }
        var first = server.root("GET", USERS + "?limit=2", null).json();
        assertThat(first.path("data").findValuesAsText("username")).containsExactly("alice", "bob");
        assertThat(first.path("has_more").asBoolean()).isTrue();
        var second = server.root("GET", USERS + "?limit=2&cursor=" + first.path("cursor").asText(), null).json();
        assertThat(second.path("data").findValuesAsText("username")).containsExactly("carol");
        assertThat(second.path("has_more").asBoolean()).isFalse();
        assertThat(server.root("GET", USERS + "?cursor=nope!", null).status()).isEqualTo(400);
    }

    @Test
    void unknownUser_wrongPassword_unknownVault_getTheIdenticalAnswer() {
        server.root("POST", USERS, userBody("alice", PASSWORD));
        var wrongPassword = login("default", "alice", PASSWORD + "!", null);
        var unknownUser = login("default", "mallory", PASSWORD, null);
        var malformedUser = login("default", "Not A User", PASSWORD, null);
        var unknownVault = login("nowhere", "alice", PASSWORD, null);
        for (var response : new TestServer.Response[] {wrongPassword, unknownUser, malformedUser, unknownVault}) {
            assertThat(response.status()).as(response.body()).isEqualTo(401);
            assertThat(response.errorCode()).isEqualTo("unauthenticated");
            assertThat(response.json().path("error").path("message").asText()).isEqualTo("wrong username or password");
            assertThat(response.json().path("error").path("details").has("mfa_required")).isFalse();
        }
    }

    @Test
    void loginTiming_unknownVersusKnownUser_isPrinted() {
        server.root("POST", USERS, userBody("alice", PASSWORD));
        login("default", "alice", "warm up the JIT", null);
        login("default", "nobody", "warm up the JIT", null);
        int tries = 4; // with the warm-up, within the five failures a user and address get before the backoff
        long known = 0;
        long unknown = 0;
        for (int i = 0; i < tries; i++) {
            long start = System.nanoTime();
            login("default", "alice", "not the password " + i, null);
            known += System.nanoTime() - start;
            start = System.nanoTime();
            login("default", "nobody" + i, "not the password " + i, null);
            unknown += System.nanoTime() - start;
        }
        System.out.printf("login timing over %d tries: known user, wrong password %.1f ms; unknown user %.1f ms%n",
                tries, known / 1e6 / tries, unknown / 1e6 / tries);
    }

    @Test
    void totp_enrolConfirmThenLoginNeedsAFreshCode() {
        server.root("POST", USERS, userBody("alice", PASSWORD));
        String token = login("default", "alice", PASSWORD, null).json().path("token").asText();

        var enrol = server.call("POST", USERS + "/alice/totp", token, null);
        assertThat(enrol.status()).as(enrol.body()).isEqualTo(200);
        String base32 = enrol.json().path("secret").asText();
        assertThat(enrol.json().path("otpauth_uri").asText())
                .isEqualTo("otpauth://totp/Arca:alice?secret=" + base32 + "&issuer=Arca");
        byte[] secret = Base32.decode(base32);
        assertThat(secret).hasSize(20);
        assertThat(login("default", "alice", PASSWORD, null).status()).as("pending TOTP is not asked").isEqualTo(200);

        var wrongConfirm = server.call("POST", USERS + "/alice/totp/confirm", token,
                "{\"code\":\"" + otherCode(secret) + "\"}");
        assertField(wrongConfirm, "code");
        var confirmed = server.call("POST", USERS + "/alice/totp/confirm", token,
                "{\"code\":\"" + code(secret, 0) + "\"}");
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.json().path("totp_enabled").asBoolean()).isTrue();

        assertMfaRequired(login("default", "alice", PASSWORD, null));
        assertMfaRequired(login("default", "alice", PASSWORD, otherCode(secret)));
        String next = code(secret, 1);
        var withCode = login("default", "alice", PASSWORD, next);
        assertThat(withCode.status()).as(withCode.body()).isEqualTo(200);
        assertThat(withCode.json().path("mfa").asBoolean()).isTrue();
        assertMfaRequired(login("default", "alice", PASSWORD, next));
        var wrongPasswordRightCode = login("default", "alice", "not the password", code(secret, 1));
        assertThat(wrongPasswordRightCode.json().path("error").path("message").asText())
                .isEqualTo("wrong username or password");

        var reEnrol = server.call("POST", USERS + "/alice/totp", withCode.json().path("token").asText(), null);
        assertThat(reEnrol.status()).as("an active secret is not replaced").isEqualTo(409);
    }

    @Test
    void oneCodeSentConcurrently_logsInOnce() throws Exception {
        server.root("POST", USERS, userBody("alice", PASSWORD));
        byte[] secret = Base32.decode(server.root("POST", USERS + "/alice/totp", null).json().path("secret").asText());
        server.root("POST", USERS + "/alice/totp/confirm", "{\"code\":\"" + code(secret, 0) + "\"}");
        String next = code(secret, 1);
        List<Future<TestServer.Response>> attempts = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 6; i++) {
                attempts.add(pool.submit(() -> login("default", "alice", PASSWORD, next)));
            }
        }
        List<Integer> statuses = new ArrayList<>();
        for (var attempt : attempts) {
            statuses.add(attempt.get().status());
        }
        // the sixth attempt under way may also meet the login backoff (every attempt counts as a failure until it
        // succeeds, so parallel guesses cannot slip past it): a refusal either way
        assertThat(statuses).isSubsetOf(200, 401, 429).containsOnlyOnce(200);
    }

    @Test
    void totpSecret_isStoredEncrypted() {
        server.root("POST", USERS, userBody("alice", PASSWORD));
        byte[] secret = Base32.decode(server.root("POST", USERS + "/alice/totp", null).json().path("secret").asText());
        try (Database db = Database.open(server.config().storage())) {
            byte[] stored = db.read(h -> h.createQuery("SELECT totp_secret FROM users WHERE username = 'alice'")
                    .mapTo(byte[].class).one());
            assertThat(stored).isNotNull();
            assertThat(indexOf(stored, secret)).as("the raw secret is not in the row").isEqualTo(-1);
        }
    }

    @Test
    void anotherUser_cannotEnrolTotpForAlice() {
        server.root("POST", USERS, userBody("alice", PASSWORD));
        server.root("POST", USERS, userBody("bob", PASSWORD));
        String bob = login("default", "bob", PASSWORD, null).json().path("token").asText();

        var response = server.call("POST", USERS + "/alice/totp", bob, null);
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(server.call("POST", USERS + "/alice/totp/confirm", bob, "{\"code\":\"123456\"}").status())
                .isEqualTo(403);
        assertThat(server.call("POST", "/v1/vaults/nowhere/users/alice/totp", bob, null).status()).isEqualTo(403);
        try (Database db = Database.open(server.config().storage())) {
            int withSecret = db.read(h -> h.createQuery("SELECT COUNT(*) FROM users WHERE totp_secret IS NOT NULL")
                    .mapTo(Integer.class).one());
            assertThat(withSecret).isZero();
        }
        assertThat(server.root("POST", "/v1/vaults/nowhere/users/alice/totp", null).status()).isEqualTo(404);
        assertThat(server.root("POST", USERS + "/nobody/totp", null).status()).isEqualTo(404);
    }

    @Test
    void deletingAUser_revokesItsLoginToken_andItsLogin() {
        server.root("POST", USERS, userBody("alice", PASSWORD));
        String token = login("default", "alice", PASSWORD, null).json().path("token").asText();
        assertThat(server.call("GET", "/v1/tokens/self", token, null).status()).isEqualTo(200);

        assertThat(server.root("DELETE", USERS + "/alice", null).status()).isEqualTo(204);

        assertThat(server.call("GET", "/v1/tokens/self", token, null).status()).isEqualTo(401);
        var login = login("default", "alice", PASSWORD, null);
        assertThat(login.status()).isEqualTo(401);
        assertThat(login.json().path("error").path("message").asText()).isEqualTo("wrong username or password");
        assertThat(server.root("GET", USERS, null).json().path("data")).isEmpty();
        assertThat(server.root("DELETE", USERS + "/alice", null).status()).isEqualTo(404);

        String newPassword = "a new password for a new alice";
        assertThat(server.root("POST", USERS, userBody("alice", newPassword)).status()).isEqualTo(201);
        assertThat(login("default", "alice", PASSWORD, null).status()).isEqualTo(401);
        assertThat(login("default", "alice", newPassword, null).status()).isEqualTo(200);
    }

    @Test
    void groups_createAddRemoveDelete_andFeedGroupMembership() {
        server.root("POST", USERS, userBody("alice", PASSWORD));
        var created = server.root("POST", "/v1/vaults/default/groups", "{\"name\":\"ops\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(server.root("POST", "/v1/vaults/default/groups", "{\"name\":\"ops\"}").status()).isEqualTo(409);
        assertField(server.root("POST", "/v1/vaults/default/groups", "{\"name\":\"Ops\"}"), "name");

        var added = server.root("PUT", "/v1/vaults/default/groups/ops/members/alice", null);
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(names(added.json().path("members"))).containsExactly("alice");
        assertThat(server.root("PUT", "/v1/vaults/default/groups/ops/members/alice", null).status()).isEqualTo(200);
        assertThat(server.root("PUT", "/v1/vaults/default/groups/ops/members/bob", null).status()).isEqualTo(404);
        assertThat(server.root("PUT", "/v1/vaults/default/groups/nope/members/alice", null).status()).isEqualTo(404);
        var listed = server.root("GET", "/v1/vaults/default/groups", null).json().path("data");
        assertThat(listed.get(0).path("name").asText()).isEqualTo("ops");
        assertThat(names(listed.get(0).path("members"))).containsExactly("alice");

        try (Database db = Database.open(server.config().storage())) {
            var membership = new UserGroups(db);
            assertThat(membership.groupsOf(vaultId, "user:alice")).isEqualTo(Set.of("ops"));
            assertThat(membership.groupsOf(vaultId, "user:bob")).isEmpty();
            assertThat(membership.groupsOf(vaultId, "machine:alice")).isEmpty();
            assertThat(membership.groupsOf("vault_other", "user:alice")).isEmpty();

            membership.create(vaultId, "dev");
            membership.addMember(vaultId, "dev", "alice");
            assertThat(membership.groupsOf(vaultId, "user:alice")).as("cache cleared on change")
                    .isEqualTo(Set.of("ops", "dev"));
            membership.removeMember(vaultId, "dev", "alice");
            assertThat(membership.groupsOf(vaultId, "user:alice")).isEqualTo(Set.of("ops"));
            membership.delete(vaultId, "ops");
            assertThat(membership.groupsOf(vaultId, "user:alice")).isEmpty();
        }

        assertThat(server.root("DELETE", "/v1/vaults/default/groups/ops", null).status()).isEqualTo(404);
        var removed = server.root("DELETE", "/v1/vaults/default/groups/dev/members/alice", null);
        assertThat(removed.status()).isEqualTo(404);
    }

    @Test
    void deletingAUser_takesItOutOfItsGroups() {
        server.root("POST", USERS, userBody("alice", PASSWORD));
        server.root("POST", "/v1/vaults/default/groups", "{\"name\":\"ops\"}");
        server.root("PUT", "/v1/vaults/default/groups/ops/members/alice", null);

        server.root("DELETE", USERS + "/alice", null);

        var group = server.root("GET", "/v1/vaults/default/groups", null).json().path("data").get(0);
        assertThat(group.path("members")).isEmpty();
        var removed = server.root("DELETE", "/v1/vaults/default/groups/ops/members/alice", null);
        assertThat(removed.status()).isEqualTo(404);
        assertThat(server.root("DELETE", "/v1/vaults/default/groups/ops", null).status()).isEqualTo(204);
        assertThat(server.root("GET", "/v1/vaults/default/groups", null).json().path("data")).isEmpty();
    }

    @Test
    void userToken_cannotAdministerUsersOrGroups_withoutAPolicy() {
        server.root("POST", USERS, userBody("alice", PASSWORD));
        String alice = login("default", "alice", PASSWORD, null).json().path("token").asText();
        assertThat(server.call("POST", USERS, alice, userBody("eve", PASSWORD)).status()).isEqualTo(403);
        assertThat(server.call("DELETE", USERS + "/alice", alice, null).status()).isEqualTo(403);
        assertThat(server.call("POST", "/v1/vaults/default/groups", alice, "{\"name\":\"x\"}").status())
                .isEqualTo(403);
        assertThat(server.root("GET", USERS, null).json().path("data")).hasSize(1);
    }

    @Test
    void login_whileSealed_is503() {
        server.root("POST", USERS, userBody("alice", PASSWORD));
        server.root("POST", "/v1/sys/seal", null);
        var response = login("default", "alice", PASSWORD, null);
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.errorCode()).isEqualTo("sealed");
    }

    @Test
    void login_fromOutsideTheVaultAllowlist_is403BeforeAnyPasswordCheck() {
        server.root("POST", USERS, userBody("alice", PASSWORD));
        server.root("PATCH", "/v1/vaults/default", "{\"allowed_cidrs\":[\"10.0.0.0/8\"]}");
        var response = login("default", "alice", PASSWORD, null);
        assertThat(response.status()).as(response.body()).isEqualTo(403);
    }

    @Test
    void login_withoutRequiredFields_is400() {
        assertField(server.call("POST", "/v1/auth/login", null, "{\"username\":\"a\",\"password\":\"p\"}"), "vault");
        assertField(server.call("POST", "/v1/auth/login", null, "{\"vault\":\"default\",\"password\":\"p\"}"),
                "username");
        assertField(server.call("POST", "/v1/auth/login", null, "{\"vault\":\"default\",\"username\":\"a\"}"),
                "password");
    }

    @Test
    void disabledUser_cannotLogIn_itsTokensAreRefusedAtOnce_andEnableRestoresThem() {
        server.root("POST", USERS, userBody("alice", PASSWORD));
        server.root("PUT", "/v1/vaults/default/policies/maker",
                "{\"rules\":[{\"path\":\"_tokens\",\"permissions\":[\"create\"]}]}");
        server.root("POST", "/v1/vaults/default/policies/maker/bindings", "{\"subject\":\"user:alice\"}");
        String token = login("default", "alice", PASSWORD, null).json().path("token").asText();
        var made = server.call("POST", "/v1/tokens", token, "{\"vault\":\"default\",\"ttl\":\"1h\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String child = made.json().path("token").asText();

        var disabled = server.root("POST", USERS + "/alice/disable", null);

        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(disabled.json().path("disabled_at").isTextual()).isTrue();
        for (String refused : List.of(token, child)) {
            var self = server.call("GET", "/v1/tokens/self", refused, null);
            assertThat(self.status()).as(self.body()).isEqualTo(403);
            assertThat(self.json().path("error").path("message").asText()).contains("user 'alice' is disabled");
        }
        var loginRefused = login("default", "alice", PASSWORD, null);
        assertThat(loginRefused.status()).as(loginRefused.body()).isEqualTo(403);
        assertThat(login("default", "alice", PASSWORD + "!", null).status()).as("a wrong password says no more")
                .isEqualTo(401);
        assertThat(server.root("GET", USERS, null).json().path("data").get(0).path("disabled_at").isTextual())
                .isTrue();

        var enabled = server.root("POST", USERS + "/alice/enable", null);

        assertThat(enabled.json().path("disabled_at").isTextual()).as(enabled.body()).isFalse();
        assertThat(server.call("GET", "/v1/tokens/self", token, null).status()).isEqualTo(200);
        assertThat(server.call("GET", "/v1/tokens/self", child, null).status()).isEqualTo(200);
        assertThat(login("default", "alice", PASSWORD, null).status()).isEqualTo(200);
    }

    @Test
    void anAdminCannotDisableThemself_andUnknownUsersAre404() {
        server.root("POST", USERS, userBody("alice", PASSWORD));
        server.root("POST", USERS, userBody("bob", PASSWORD));
        server.root("PUT", "/v1/vaults/default/policies/user-admins",
                "{\"rules\":[{\"path\":\"_users\",\"permissions\":[\"admin\"]}]}");
        server.root("POST", "/v1/vaults/default/policies/user-admins/bindings", "{\"subject\":\"user:alice\"}");
        String alice = login("default", "alice", PASSWORD, null).json().path("token").asText();
        String bob = login("default", "bob", PASSWORD, null).json().path("token").asText();

        var self = server.call("POST", USERS + "/alice/disable", alice, null);

        assertThat(self.status()).as(self.body()).isEqualTo(409);
        assertThat(self.json().path("error").path("message").asText()).contains("cannot disable yourself");
        assertThat(server.call("POST", USERS + "/alice/disable", bob, null).status()).isEqualTo(403);
        assertThat(server.call("GET", "/v1/tokens/self", alice, null).status()).isEqualTo(200);
        assertThat(server.call("POST", USERS + "/bob/disable", alice, null).status()).isEqualTo(200);
        assertThat(server.root("POST", USERS + "/nobody/disable", null).status()).isEqualTo(404);
        assertThat(server.root("POST", USERS + "/nobody/enable", null).status()).isEqualTo(404);
    }

    @Test
    void passwordChange_byTheUser_needsTheCurrentPassword_andAWrongOneChangesNothing() {
        server.root("POST", USERS, userBody("alice", PASSWORD));
        String token = login("default", "alice", PASSWORD, null).json().path("token").asText();
        String newPassword = "a new and longer passphrase";

        var wrongOld = server.call("POST", USERS + "/alice/password", token,
                "{\"old_password\":\"not the password\",\"password\":\"" + newPassword + "\"}");
        assertThat(wrongOld.status()).as(wrongOld.body()).isEqualTo(403);
        assertThat(wrongOld.json().path("error").path("message").asText()).contains("current password")
                .doesNotContain("not the password");
        assertField(server.call("POST", USERS + "/alice/password", token,
                "{\"password\":\"" + newPassword + "\"}"), "old_password");
        assertField(server.call("POST", USERS + "/alice/password", token,
                "{\"old_password\":\"" + PASSWORD + "\",\"password\":\"short\"}"), "password");
        assertThat(login("default", "alice", newPassword, null).status()).as("nothing changed").isEqualTo(401);

        var changed = server.call("POST", USERS + "/alice/password", token,
                "{\"old_password\":\"" + PASSWORD + "\",\"password\":\"" + newPassword + "\"}");

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.body()).doesNotContain(newPassword).doesNotContain(PASSWORD);
        assertThat(login("default", "alice", newPassword, null).status()).isEqualTo(200);
        assertThat(login("default", "alice", PASSWORD, null).status()).isEqualTo(401);
        assertThat(server.call("GET", "/v1/tokens/self", token, null).status()).as("the session goes on")
                .isEqualTo(200);
    }

    @Test
    void passwordReset_byAnAdmin_needsNoOldPassword_andRevokesTheUsersTokens_butNotByAnotherUser() {
        server.root("POST", USERS, userBody("alice", PASSWORD));
        server.root("POST", USERS, userBody("bob", PASSWORD));
        String alice = login("default", "alice", PASSWORD, null).json().path("token").asText();
        String bob = login("default", "bob", PASSWORD, null).json().path("token").asText();
        String newPassword = "set by the administrator";

        var byBob = server.call("POST", USERS + "/alice/password", bob, "{\"password\":\"" + newPassword + "\"}");
        assertThat(byBob.status()).as(byBob.body()).isEqualTo(403);
        assertThat(server.root("POST", USERS + "/nobody/password", "{\"password\":\"" + newPassword + "\"}")
                .status()).isEqualTo(404);
        assertThat(login("default", "alice", PASSWORD, null).status()).isEqualTo(200);

        var reset = server.root("POST", USERS + "/alice/password", "{\"password\":\"" + newPassword + "\"}");

        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(server.call("GET", "/v1/tokens/self", alice, null).status()).isEqualTo(401);
        assertThat(login("default", "alice", newPassword, null).status()).isEqualTo(200);
        assertThat(login("default", "alice", PASSWORD, null).status()).isEqualTo(401);
    }

    @Test
    void totpReset_byTheUser_needsACurrentCode_thenTotpCanBeEnrolledAgain() {
        server.root("POST", USERS, userBody("alice", PASSWORD));
        String token = login("default", "alice", PASSWORD, null).json().path("token").asText();
        byte[] secret = Base32.decode(server.call("POST", USERS + "/alice/totp", token, null).json().path("secret")
                .asText());
        server.call("POST", USERS + "/alice/totp/confirm", token, "{\"code\":\"" + code(secret, 0) + "\"}");

        var wrong = server.call("POST", USERS + "/alice/totp/reset", token,
                "{\"code\":\"" + otherCode(secret) + "\"}");
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(403);
        assertField(server.call("POST", USERS + "/alice/totp/reset", token, "{}"), "code");
        assertMfaRequired(login("default", "alice", PASSWORD, null));

        var reset = server.call("POST", USERS + "/alice/totp/reset", token, "{\"code\":\"" + code(secret, 1) + "\"}");

        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(reset.json().path("totp_enabled").asBoolean()).isFalse();
        assertThat(login("default", "alice", PASSWORD, null).status()).isEqualTo(200);
        byte[] renewed = Base32.decode(server.call("POST", USERS + "/alice/totp", token, null).json().path("secret")
                .asText());
        assertThat(renewed).isNotEqualTo(secret);
        assertThat(server.call("POST", USERS + "/alice/totp/confirm", token,
                "{\"code\":\"" + code(renewed, 0) + "\"}").json().path("totp_enabled").asBoolean()).isTrue();
    }

    @Test
    void totpReset_byAnAdmin_needsNoCode() {
        server.root("POST", USERS, userBody("alice", PASSWORD));
        byte[] secret = Base32.decode(server.root("POST", USERS + "/alice/totp", null).json().path("secret").asText());
        server.root("POST", USERS + "/alice/totp/confirm", "{\"code\":\"" + code(secret, 0) + "\"}");

        var reset = server.root("POST", USERS + "/alice/totp/reset", "{}");

        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(reset.json().path("totp_enabled").asBoolean()).isFalse();
        assertThat(login("default", "alice", PASSWORD, null).status()).isEqualTo(200);
    }

    private TestServer.Response login(String vault, String username, String password, String totp) {
        String body = "{\"vault\":\"" + vault + "\",\"username\":\"" + username + "\",\"password\":\"" + password
                + "\"" + (totp == null ? "" : ",\"totp\":\"" + totp + "\"") + "}";
        return server.call("POST", "/v1/auth/login", null, body);
    }

    private static String userBody(String username, String password) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
    }

    /** The code of the current step plus {@code offset} (the server accepts one step either side). */
    private static String code(byte[] secret, int offset) {
        return Totp.code(secret, Totp.stepAt(Instant.now()) + offset, Totp.DIGITS);
    }

    /** A code that matches none of the steps the server accepts now. */
    private static String otherCode(byte[] secret) {
        long now = Totp.stepAt(Instant.now());
        Set<String> valid = Set.of(Totp.code(secret, now - 2, 6), Totp.code(secret, now - 1, 6),
                Totp.code(secret, now, 6), Totp.code(secret, now + 1, 6), Totp.code(secret, now + 2, 6));
        for (int i = 0; ; i++) {
            String candidate = String.format("%06d", i);
            if (!valid.contains(candidate)) {
                return candidate;
            }
        }
    }

    private static void assertMfaRequired(TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.errorCode()).isEqualTo("unauthenticated");
        assertThat(response.json().path("error").path("details").path("mfa_required").asBoolean()).isTrue();
    }

    private static void assertField(TestServer.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("error").path("details").path("field").asText()).isEqualTo(field);
    }

    private static List<String> names(JsonNode array) {
        var names = new ArrayList<String>();
        array.forEach(node -> names.add(node.asText()));
        return names;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
