package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.Client;
import dev.arca.api.Policy;
import dev.arca.api.Policy.Permission;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SyVault's Python SDK document, method by method, in Java against a real server. {@code SyVaultClient(server,
 * client_id, …)} is an {@link ArcaClient} of an OAuth client whose P-256 key is registered, signing an ES256 JWT per
 * request ({@link ArcaClient.Builder#clientJwt}), or holding client credentials; a SyVault folder is a project, a
 * {@code uid} an {@code sk_…} id, {@code sy://Folder/Title/field/name} is {@code arca://project/name/field/name}.
 * Each step asserts what that document says the call returns: {@code list()}, {@code get(uid)}, {@code notation},
 * {@code create}, {@code rotate(uid)} with its status and new fields, the async client, the cache and the errors.
 */
class SyVaultSeedIT {
    @TempDir
    static Path dir;

    private static RealArca server;
    private static ArcaClient root;
    private static String productionId;
    private static String databaseId;
    private static String apiKeyId;
    private static String stagingId;
    private static String clientId;
    private static String clientSecret;
    private static String privateKeyPem;
    private static KeyPairGenerator p256;

    @BeforeAll
    static void start() throws Exception {
        server = RealArca.start(dir.resolve("server"));
        root = server.root();
        productionId = root.projects().create("production").id();
        root.projects().create("staging");
        databaseId = root.secrets().write("production/database",
                Map.of("host", "db.example.com", "password", "s3cret!")).id();
        apiKeyId = root.secrets().write("production/api-key", "ak-live-1").id();
        stagingId = root.secrets().write("staging/database",
                Map.of("host", "staging-db.example.com", "password", "not-for-production")).id();

        // the application: its public key registered, its policy covering the project production only
        p256 = KeyPairGenerator.getInstance("EC");
        p256.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = p256.generateKeyPair();
        Client.Created app = root.clients().create("billing", pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        clientId = app.clientId();
        clientSecret = app.clientSecret().reveal();
        privateKeyPem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
        root.policies().put("billing", List.of(Policy.Rule.allow("production/**", Permission.READ, Permission.LIST,
                Permission.UPDATE, Permission.ROTATE)));
        root.policies().bind("billing", "client:" + clientId);
    }

    @AfterAll
    static void stop() {
        root.close();
        server.close();
    }

    /** {@code SyVaultClient(server, client_id, key)}: a fresh ES256 JWT per request, no cache (unless a test asks). */
    private static ArcaClient application() {
        return application(Duration.ZERO);
    }

    private static ArcaClient application(Duration cacheTtl) {
        return ArcaClient.builder().address(server.address()).vault("default").cacheTtl(cacheTtl)
                .clientJwt(clientId, privateKeyPem).build();
    }

    @Test
    void authentication_aJwtPerRequest_clientCredentials_andAWrongKeyIsRefused() {
        try (ArcaClient perRequest = application();
                ArcaClient credentials = ArcaClient.builder().address(server.address()).vault("default")
                        .cacheTtl(Duration.ZERO).clientCredentials(clientId, clientSecret).build();
                ArcaClient fromEnv = ArcaClient.fromEnv(Map.of("ARCA_ADDR", server.address(), "ARCA_VAULT",
                        "default", "ARCA_CLIENT_ID", clientId, "ARCA_CLIENT_SECRET", clientSecret))) {
            // twice: a JWT is spent on one request, so the second read proves a fresh one was signed
            assertThat(perRequest.secrets().read(apiKeyId).value().reveal()).isEqualTo("ak-live-1");
            assertThat(perRequest.secrets().read(apiKeyId).value().reveal()).isEqualTo("ak-live-1");
            assertThat(credentials.secrets().read(apiKeyId).value().reveal()).isEqualTo("ak-live-1");
            assertThat(fromEnv.secrets().read(apiKeyId).value().reveal()).isEqualTo("ak-live-1");
        }
        // AuthenticationError: a key that is not the registered one, or a wrong client secret
        String otherKey = pem("PRIVATE KEY", p256.generateKeyPair().getPrivate().getEncoded());
        try (ArcaClient impostor = ArcaClient.builder().address(server.address()).vault("default")
                .clientJwt(clientId, otherKey).build();
                ArcaClient wrongSecret = ArcaClient.builder().address(server.address()).vault("default")
                        .clientCredentials(clientId, "arcas_wrong").build()) {
            assertThatThrownBy(() -> impostor.secrets().read(apiKeyId)).isInstanceOf(AuthenticationException.class);
            assertThatThrownBy(() -> wrongSecret.secrets().read(apiKeyId))
                    .isInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void list_itemsWithIdAndName_onlyOfTheProjectThePolicyCovers() {
        try (ArcaClient app = application()) {
            // secrets.list() -> items with uid and title; no list right on the whole vault is needed
            List<Secret.Item> items = app.secrets().list(ListQuery.all()).data();
            assertThat(items).extracting(Secret.Item::id).contains(databaseId, apiKeyId).doesNotContain(stagingId);
            assertThat(items).allSatisfy(item -> assertThat(item.projectId()).isEqualTo(productionId));
            Secret.Item database = items.stream().filter(item -> item.id().equals(databaseId)).findFirst()
                    .orElseThrow();
            assertThat(database.name()).isEqualTo("database");
            assertThat(database.fieldNames()).containsExactlyInAnyOrder("host", "password");
        }
    }

    @Test
    void get_byUid_answersTheFieldsHostAndPassword() {
        try (ArcaClient app = application()) {
            // secrets.get(uid) -> secret.fields["host"], secret.fields["password"]
            Secret secret = app.secrets().read(databaseId);
            assertThat(secret.id()).isEqualTo(databaseId);
            assertThat(secret.path()).isEqualTo("production/database");
            assertThat(SecretText.revealAll(secret.fields())).containsEntry("host", "db.example.com")
                    .containsEntry("password", "s3cret!");
            assertThat(SecretText.revealAll(app.secrets().readById(databaseId).fields()))
                    .containsEntry("password", "s3cret!");
        }
    }

    @Test
    void notation_answersTheFieldsValue() {
        try (ArcaClient app = application()) {
            // secrets.notation("sy://Production/Database/field/password") -> "s3cret!"
            assertThat(app.secrets().resolve("arca://production/database/field/password")).isEqualTo("s3cret!");
            assertThat(app.secrets().resolve("arca://" + databaseId + "/field/host")).isEqualTo("db.example.com");
        }
    }

    @Test
    void create_inAFolder_answersTheNewUid() {
        try (ArcaClient app = application()) {
            // secrets.create(folder_id, title, fields={...}) -> new_secret.uid
            Secret.Written created = app.secrets().write("production/payments",
                    Map.of("host", "pay.example.com", "password", "p4y!"));
            assertThat(created.id()).startsWith("sk_");
            assertThat(created.version()).isEqualTo(1);
            Secret read = app.secrets().read(created.id());
            assertThat(read.path()).isEqualTo("production/payments");
            assertThat(SecretText.revealAll(read.fields())).containsExactlyInAnyOrderEntriesOf(
                    Map.of("host", "pay.example.com", "password", "p4y!"));
            // outside the folder the policy covers: refused, nothing written
            assertThatThrownBy(() -> app.secrets().write("staging/payments", Map.of("password", "x")))
                    .isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void rotate_byUid_answersStatusAndTheNewGeneratedFields() {
        String id = root.secrets().write("production/rotated", Map.of("host", "r.example.com", "password", "old"))
                .id();
        try (ArcaClient app = application()) {
            // secrets.rotate(uid) -> result.status, result.new_fields["password"]
            Secret.Rotated result = app.secrets().rotate(id, Secret.Rotate.builder().generateField("password")
                    .build());
            assertThat(result.status()).isEqualTo(Secret.Rotated.ROTATED);
            assertThat(result.id()).isEqualTo(id);
            assertThat(result.previousVersion()).isEqualTo(1);
            assertThat(result.version()).isEqualTo(2);
            Map<String, String> newFields = SecretText.revealAll(result.fields());
            assertThat(newFields).containsEntry("host", "r.example.com").containsKey("password");
            assertThat(newFields.get("password")).isNotEqualTo("old").hasSizeGreaterThanOrEqualTo(16);
            // what a read right after answers
            assertThat(SecretText.revealAll(app.secrets().read(id).fields())).isEqualTo(newFields);
        }
    }

    @Test
    void rotate_byAClientAllowedToRotateButNotToRead_answersNoValues() {
        String id = root.secrets().write("production/rotate-only", Map.of("password", "old")).id();
        Client.Created rotator = root.clients().create("rotator", null);
        root.policies().put("rotator", List.of(Policy.Rule.allow("production/**", Permission.ROTATE)));
        root.policies().bind("rotator", "client:" + rotator.clientId());
        try (ArcaClient client = ArcaClient.builder().address(server.address()).vault("default")
                .cacheTtl(Duration.ZERO).clientCredentials(rotator.clientId(), rotator.clientSecret().reveal())
                .build()) {
            Secret.Rotated result = client.secrets().rotate(id, Secret.Rotate.builder().generateField("password")
                    .build());
            assertThat(result.status()).isEqualTo(Secret.Rotated.ROTATED);
            assertThat(result.version()).isEqualTo(2);
            assertThat(result.value()).isNull();
            assertThat(result.fields()).isNull();
            assertThatThrownBy(() -> client.secrets().read(id)).isInstanceOf(AccessDeniedException.class);
        }
        assertThat(root.secrets().read(id).fields().get("password").reveal()).isNotEqualTo("old");
    }

    @Test
    void async_sameMethodsWithFutures() {
        try (ArcaClient app = application()) {
            AsyncArcaClient async = app.async();
            // await client.secrets.get(uid)
            Secret byId = async.secrets().readById(databaseId).join();
            assertThat(SecretText.revealAll(byId.fields())).containsEntry("host", "db.example.com")
                    .containsEntry("password", "s3cret!");
            assertThat(async.secrets().read(databaseId, null, "password").join().value().reveal())
                    .isEqualTo("s3cret!");
            // await client.secrets.notation(…)
            assertThat(async.secrets().resolve("arca://production/database/field/password").join())
                    .isEqualTo("s3cret!");
            // await client.secrets.list()
            assertThat(async.secrets().list(null, null, null).join().data()).extracting(Secret.Item::id)
                    .contains(databaseId, apiKeyId).doesNotContain(stagingId);
            // await client.secrets.rotate(uid)
            String rotatedId = root.secrets().write("production/async-rotated",
                    Map.of("user", "app", "password", "old")).id();
            Secret.Rotated rotated = async.secrets().rotate(rotatedId,
                    Secret.Rotate.builder().generateField("password").build()).join();
            assertThat(rotated.status()).isEqualTo(Secret.Rotated.ROTATED);
            assertThat(SecretText.revealAll(rotated.fields())).containsEntry("user", "app")
                    .doesNotContainEntry("password", "old");
            // errors arrive as the same typed exceptions, wrapped by join()
            assertThatThrownBy(() -> async.secrets().readById(stagingId).join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void cache_servesARepeatedReadById_untilInvalidatedOrExpired() throws InterruptedException {
        String path = "production/cached";
        String id = root.secrets().write(path, "v1").id();
        try (ArcaClient app = application(Duration.ofMinutes(5))) {
            assertThat(app.secrets().read(id).value().reveal()).isEqualTo("v1");
            // changed elsewhere: the second read by id is served from the cache
            root.secrets().write(path, "v2");
            assertThat(app.secrets().read(id).value().reveal()).isEqualTo("v1");
            app.secrets().invalidate(id);
            assertThat(app.secrets().read(id).value().reveal()).isEqualTo("v2");
        }
        try (ArcaClient shortLived = application(Duration.ofSeconds(1))) {
            assertThat(shortLived.secrets().read(id).value().reveal()).isEqualTo("v2");
            root.secrets().write(path, "v3");
            assertThat(shortLived.secrets().read(id).value().reveal()).isEqualTo("v2");
            Thread.sleep(1_500);
            assertThat(shortLived.secrets().read(id).value().reveal()).as("after the ttl").isEqualTo("v3");
        }
    }

    @Test
    void cache_aChangeThroughTheClientByPathDropsWhatWasReadById_andViceVersa() {
        String path = "production/cache-names";
        String id = root.secrets().write(path, Map.of("user", "app", "password", "p1")).id();
        try (ArcaClient app = application(Duration.ofMinutes(5))) {
            // read by id, written by path
            assertThat(app.secrets().readField(id, "password")).isEqualTo("p1");
            app.secrets().write(path, Map.of("user", "app", "password", "p2"));
            assertThat(app.secrets().readField(id, "password")).isEqualTo("p2");

            // read by id, rotated by path
            Secret.Rotated byPath = app.secrets().rotate(path, Secret.Rotate.builder().generateField("password")
                    .build());
            assertThat(app.secrets().readField(id, "password")).isEqualTo(byPath.fields().get("password").reveal());

            // read by path, rotated by id
            assertThat(app.secrets().read(path).version()).isEqualTo(byPath.version());
            Secret.Rotated byId = app.secrets().rotate(id, Secret.Rotate.builder().generateField("password")
                    .build());
            Secret afterwards = app.secrets().read(path);
            assertThat(afterwards.version()).isEqualTo(byId.version());
            assertThat(afterwards.fields().get("password").reveal()).isEqualTo(byId.fields().get("password")
                    .reveal());
        }
    }

    @Test
    void errors_notFoundNamesTheUid_accessDeniedOutsideThePolicy_andForAnUnknownUid() {
        String id = root.secrets().write("production/doomed", "soon gone").id();
        try (ArcaClient app = application()) {
            assertThat(app.secrets().read(id).value().reveal()).isEqualTo("soon gone");
            root.secrets().delete("production/doomed");
            // SecretNotFoundError: a secret this client may read, deleted; the exception names the uid asked for
            assertThatThrownBy(() -> app.secrets().read(id)).isInstanceOfSatisfying(
                    CredentialNotFoundException.class, notFound -> assertThat(notFound.secret()).isEqualTo(id));
            assertThatThrownBy(() -> app.secrets().read("production/doomed")).isInstanceOfSatisfying(
                    NotFoundException.class, notFound -> assertThat(notFound.secret())
                            .isEqualTo("production/doomed"));
            // outside its policy: denied; an unknown uid looks the same (no existence oracle)
            assertThatThrownBy(() -> app.secrets().read(stagingId)).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> app.secrets().read("sk_doesnotexist0"))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> app.secrets().rotate(stagingId, Secret.Rotate.builder().generate().build()))
                    .isInstanceOf(AccessDeniedException.class);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
