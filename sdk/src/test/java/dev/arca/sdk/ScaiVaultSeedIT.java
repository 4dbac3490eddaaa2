package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.arca.api.Batch;
import dev.arca.api.Client;
import dev.arca.api.IdentityType;
import dev.arca.api.Page;
import dev.arca.api.Policy;
import dev.arca.api.Secret;
import dev.arca.api.SecretMetadata;
import dev.arca.api.SecretText;
import dev.arca.api.SecretType;
import dev.arca.api.Token;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ScaiVault's Python SDK document, method by method, in Java against a real server: {@code ScaiVaultClient} with a
 * token or client credentials (and from the environment) is {@link ArcaClient}; {@code secrets.read/write/
 * update_metadata/read_metadata/delete/list/versions/rotate/batch_read} are {@link SecretOperations};
 * {@code policies.create/bind/test} are {@link PolicyOperations}; the error envelope {@code {code, message, details,
 * request_id}} is {@link ApiException} and its subclasses; {@code retry_backoff} is
 * {@link ArcaClient.Builder#retryBackoff(Duration, double)}; the async client is {@link ArcaClient#async()}. Each
 * step asserts what that document says the call returns.
 *
 * <p>ScaiVault's {@code SCAIVAULT_BASE_URL}, {@code SCAIVAULT_TOKEN} and {@code SCAIKEY_CLIENT_ID/SECRET} are Arca's
 * {@code ARCA_ADDR}, {@code ARCA_TOKEN} and {@code ARCA_CLIENT_ID/SECRET}; Arca adds {@code ARCA_VAULT}.
 */
class ScaiVaultSeedIT {
    private static final String READER_POLICY = "app-reader";
    private static final String LISTER_POLICY = "app-lister";

    @TempDir
    static Path dir;

    private static RealArca server;
    private static ArcaClient root;
    /** A vault token whose only policy is {@value #READER_POLICY}: read and list on {@code app/**}. */
    private static String readerToken;
    /** A vault token whose only policy is {@value #LISTER_POLICY}: list on {@code app/**}, no read. */
    private static String listerToken;

    @BeforeAll
    static void start() {
        server = RealArca.start(dir.resolve("server"));
        root = server.root();
        for (String project : List.of("app", "ops", "paging", "prod")) {
            root.projects().create(project);
        }
        root.secrets().write("app/config", "endpoint=https://api.example.com");
        root.secrets().write("ops/hidden", "not for app callers");
        root.policies().put(READER_POLICY, List.of(Policy.Rule.allow("app/**", Policy.Permission.READ,
                Policy.Permission.LIST)));
        root.policies().put(LISTER_POLICY, List.of(Policy.Rule.allow("app/**", Policy.Permission.LIST)));
        readerToken = vaultToken(READER_POLICY);
        listerToken = vaultToken(LISTER_POLICY);
    }

    @AfterAll
    static void stop() {
        root.close();
        server.close();
    }

    private static String vaultToken(String policy) {
        return root.tokens().create(Token.Create.builder().policies(List.of(policy)).vault("default")
                .ttl(Duration.ofHours(1)).displayName(policy).build()).token().reveal();
    }

    /** {@code ScaiVaultClient(base_url, token)}, without retries so that errors reach the test at once. */
    private static ArcaClient withToken(String token) {
        return ArcaClient.builder().address(server.address()).token(token).vault("default").retries(0).build();
    }

    @Test
    void authenticate_withATokenAndWithClientCredentials_directlyAndFromTheEnvironment() {
        // ScaiVaultClient(base_url, token) and SCAIVAULT_BASE_URL / SCAIVAULT_TOKEN
        try (ArcaClient byToken = ArcaClient.builder().address(server.address()).token(readerToken).vault("default")
                .build();
                ArcaClient fromEnv = ArcaClient.fromEnv(Map.of("ARCA_ADDR", server.address(),
                        "ARCA_TOKEN", readerToken, "ARCA_VAULT", "default"))) {
            assertThat(byToken.secrets().read("app/config").value().reveal())
                    .isEqualTo("endpoint=https://api.example.com");
            assertThat(fromEnv.secrets().read("app/config").value().reveal())
                    .isEqualTo("endpoint=https://api.example.com");
        }
        // ScaiVaultClient(base_url, client_id, client_secret) and SCAIKEY_CLIENT_ID / SCAIKEY_CLIENT_SECRET
        Client.Created service = root.clients().create("config-reader", null);
        root.policies().bind(READER_POLICY, IdentityType.CLIENT, service.clientId());
        try (ArcaClient byCredentials = ArcaClient.builder().address(server.address())
                .clientCredentials(service.clientId(), service.clientSecret().reveal()).vault("default").build();
                ArcaClient fromEnv = ArcaClient.fromEnv(Map.of("ARCA_ADDR", server.address(), "ARCA_VAULT",
                        "default", "ARCA_CLIENT_ID", service.clientId(),
                        "ARCA_CLIENT_SECRET", service.clientSecret().reveal()))) {
            assertThat(byCredentials.secrets().read("app/config").value().reveal())
                    .isEqualTo("endpoint=https://api.example.com");
            assertThat(fromEnv.secrets().read("app/config").value().reveal())
                    .isEqualTo("endpoint=https://api.example.com");
        }
        // half a credential is a configuration error naming what is missing, before anything is sent
        assertThatThrownBy(() -> ArcaClient.fromEnv(Map.of("ARCA_ADDR", server.address(),
                "ARCA_CLIENT_ID", service.clientId()))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ARCA_CLIENT_SECRET");
        // a wrong secret is refused by the token exchange
        try (ArcaClient wrong = ArcaClient.builder().address(server.address()).vault("default").retries(0)
                .clientCredentials(service.clientId(), "arcas_wrong").build()) {
            assertThatThrownBy(() -> wrong.secrets().read("app/config")).isInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void read_answersVersionDataMetadataAndSecretType_andAnOlderVersionByNumber() {
        String path = "app/database";
        // secrets.write(path, data, secret_type="json", metadata={"tags": [...]}, max_versions=10)
        Secret.Written first = root.secrets().write(path, Secret.Put.fields(Map.of("username", "admin",
                "password", "v1")).type(SecretType.JSON).description("primary database")
                .tags(List.of("production", "database")).maxVersions(10).build());
        assertThat(first.id()).startsWith("sk_");
        assertThat(first.path()).isEqualTo(path);
        assertThat(first.version()).isEqualTo(1);
        Secret.Written second = root.secrets().write(path, Secret.Put.fields(Map.of("username", "admin",
                "password", "v2")).type(SecretType.JSON).build());
        assertThat(second.version()).isEqualTo(2);

        try (ArcaClient reader = withToken(readerToken)) {
            // secrets.read(path) -> secret.version (int), secret.data (dict), secret.secret_type (SecretType)
            Secret secret = reader.secrets().read(path);
            assertThat(secret.version()).isEqualTo(2);
            assertThat(reveal(secret.fields())).containsExactlyInAnyOrderEntriesOf(Map.of("username", "admin",
                    "password", "v2"));
            assertThat(secret.secretType()).isEqualTo(SecretType.JSON);
            // secret.metadata: in the same answer when asked for; the tags and max_versions the write set
            Secret withMetadata = reader.secrets().readWithMetadata(path);
            assertThat(withMetadata.version()).isEqualTo(2);
            SecretMetadata metadata = withMetadata.metadata();
            assertThat(metadata).isNotNull();
            assertThat(metadata.tags()).containsExactlyInAnyOrder("production", "database");
            assertThat(metadata.description()).isEqualTo("primary database");
            assertThat(metadata.maxVersions()).isEqualTo(10);
            assertThat(metadata.currentVersion()).isEqualTo(2);
            assertThat(metadata.type()).isEqualTo("json");
            // read ?version=N
            Secret older = reader.secrets().read(path, 1);
            assertThat(older.version()).isEqualTo(1);
            assertThat(older.fields()).containsKey("password");
            assertThat(older.fields().get("password").reveal()).isEqualTo("v1");
        }
    }

    @Test
    void write_maxVersions_keepsOnlyThatManyVersions_andTheTypeLands() {
        String path = "app/token";
        for (String value : List.of("t1", "t2", "t3")) {
            root.secrets().write(path, Secret.Put.value(value).type(SecretType.API_KEY).maxVersions(2).build());
        }
        SecretMetadata metadata = root.secrets().metadata(path);
        assertThat(metadata.maxVersions()).isEqualTo(2);
        assertThat(metadata.currentVersion()).isEqualTo(3);
        assertThat(metadata.versions()).extracting(SecretMetadata.Version::version).containsExactly(2, 3);
        assertThat(root.secrets().read(path).secretType()).isEqualTo(SecretType.API_KEY);
        assertThatThrownBy(() -> root.secrets().read(path, 1)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void updateMetadata_changesTagsWithoutANewVersion_andReadMetadataShowsEverythingButTheValue() {
        String path = "app/stripe";
        root.secrets().write(path, Secret.Put.value("sk-live-1").tags(List.of("payments")).build());
        // secrets.update_metadata(path, metadata={"tags": ["critical"]})
        SecretMetadata updated = root.secrets().updateMetadata(path,
                SecretMetadata.Update.tags(List.of("critical")));
        assertThat(updated.tags()).containsExactly("critical");
        assertThat(updated.currentVersion()).as("no new version").isEqualTo(1);

        try (ArcaClient reader = withToken(readerToken); ArcaClient lister = withToken(listerToken)) {
            // secrets.read_metadata(path): version count, tags, rotation status, no value
            SecretMetadata metadata = reader.secrets().metadata(path);
            assertThat(metadata.path()).isEqualTo(path);
            assertThat(metadata.versions()).hasSize(1);
            assertThat(metadata.currentVersion()).isEqualTo(1);
            assertThat(metadata.tags()).containsExactly("critical");
            assertThat(metadata.previousVersion()).as("never rotated").isNull();
            // NotFoundError for a path the caller may read that holds nothing
            assertThatThrownBy(() -> reader.secrets().metadata("app/absent"))
                    .isInstanceOfSatisfying(NotFoundException.class,
                            notFound -> assertThat(notFound.secret()).isEqualTo("app/absent"));
            // ScaiVault lets a caller with list alone read metadata; Arca's GET …/metadata asks read
            // (docs/API-secrets.md), and list gives such a caller the version and tags of each secret instead
            assertThatThrownBy(() -> lister.secrets().metadata(path)).isInstanceOf(AccessDeniedException.class);
            Secret.Item item = lister.secrets().list(path, 1, null).data().get(0);
            assertThat(item.path()).isEqualTo(path);
            assertThat(item.version()).isEqualTo(1);
            assertThat(item.tags()).containsExactly("critical");
        }
    }

    @Test
    void delete_isSoftUntilDeletedPermanently_andDestroyErasesOneVersion() {
        String path = "app/temporary";
        root.secrets().write(path, "short-lived");
        // secrets.delete(path): soft, the metadata stays
        root.secrets().delete(path);
        assertThatThrownBy(() -> root.secrets().read(path)).isInstanceOf(NotFoundException.class);
        SecretMetadata deleted = root.secrets().metadata(path);
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.destroyed()).isFalse();
        // hard delete: every version's value is gone
        root.secrets().deletePermanently(path);
        SecretMetadata destroyed = root.secrets().metadata(path);
        assertThat(destroyed.destroyed()).isTrue();
        assertThat(destroyed.versions()).extracting(SecretMetadata.Version::state).containsOnly("destroyed");

        String kept = "app/two-versions";
        root.secrets().write(kept, "first");
        root.secrets().write(kept, "second");
        SecretMetadata afterDestroy = root.secrets().destroy(kept, List.of(1));
        assertThat(afterDestroy.versions()).extracting(SecretMetadata.Version::state)
                .containsExactly("destroyed", "active");
        assertThatThrownBy(() -> root.secrets().read(kept, 1)).isInstanceOf(NotFoundException.class);
        assertThat(root.secrets().read(kept).value().reveal()).isEqualTo("second");
    }

    @Test
    void list_pagesByPrefixLimitAndCursor_withoutDuplicates_andVersionsListsEveryKeptVersion() {
        Set<String> written = new HashSet<>();
        for (int i = 1; i <= 7; i++) {
            String path = "paging/service-" + i;
            root.secrets().write(path, "value-" + i);
            written.add(path);
        }
        root.secrets().write("app/not-under-the-prefix", "x");

        // secrets.list(prefix, limit, cursor): pages of at most `limit`, has_more and a cursor until the last
        List<String> seen = new ArrayList<>();
        List<Page<Secret.Item>> pages = new ArrayList<>();
        String cursor = null;
        do {
            Page<Secret.Item> page = root.secrets().list("paging/", 3, cursor);
            pages.add(page);
            assertThat(page.data()).hasSizeLessThanOrEqualTo(3);
            page.data().forEach(item -> seen.add(item.path()));
            cursor = page.hasMore() ? page.cursor() : null;
            if (page.hasMore()) {
                assertThat(page.cursor()).as("a cursor while has_more").isNotBlank();
            }
        } while (cursor != null && pages.size() < 10);
        assertThat(pages).hasSize(3);
        assertThat(pages).extracting(Page::hasMore).containsExactly(true, true, false);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(written);
        // the same through the iterator that follows the cursor
        List<String> iterated = new ArrayList<>();
        root.secrets().listAll(ListQuery.all().prefix("paging/").limit(2)).forEach(item -> iterated.add(item.path()));
        assertThat(iterated).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(written);

        // secrets.versions(path): the metadata's version list, oldest first
        root.secrets().write("paging/service-1", "value-1b");
        root.secrets().write("paging/service-1", "value-1c");
        assertThat(root.secrets().metadata("paging/service-1").versions())
                .extracting(SecretMetadata.Version::version, SecretMetadata.Version::state)
                .containsExactly(tuple(1, "active"),
                        tuple(2, "active"),
                        tuple(3, "active"));
    }

    @Test
    void rotate_answersStatusVersionPreviousVersionAndTheNewValue() {
        String path = "app/db-password";
        root.secrets().write(path, Secret.Put.value("old-password").type(SecretType.PASSWORD).build());
        // secrets.rotate(path)
        Secret.Rotated rotated = root.secrets().rotate(path, Secret.Rotate.builder().generate().reason("scheduled")
                .build());
        assertThat(rotated.status()).isEqualTo(Secret.Rotated.ROTATED);
        assertThat(rotated.path()).isEqualTo(path);
        assertThat(rotated.version()).isEqualTo(2);
        assertThat(rotated.previousVersion()).isEqualTo(1);
        assertThat(rotated.value()).isNotNull();
        String generated = rotated.value().reveal();
        assertThat(generated).hasSize(32).isNotEqualTo("old-password");
        Secret current = root.secrets().read(path);
        assertThat(current.value().reveal()).isEqualTo(generated);
        assertThat(current.secretType()).isEqualTo(SecretType.PASSWORD);
        SecretMetadata metadata = root.secrets().metadata(path);
        assertThat(metadata.previousVersion()).isEqualTo(1);
        assertThat(metadata.versions().get(1).rotationReason()).isEqualTo("scheduled");
    }

    @Test
    void batchRead_answersSecretsByPath_andAnErrorPerFailedItem() {
        root.secrets().write("app/batch-a", "a");
        root.secrets().write("app/batch-b", Map.of("user", "b"));
        try (ArcaClient reader = withToken(readerToken)) {
            // secrets.batch_read([paths]) -> batch.secrets {path: secret}; one forbidden item fails alone
            Batch.Result batch = reader.secrets().batchRead(List.of("app/batch-a", "app/batch-b", "ops/hidden",
                    "app/batch-missing"));
            assertThat(batch.secrets()).containsOnlyKeys("app/batch-a", "app/batch-b");
            assertThat(batch.secrets().get("app/batch-a").value().reveal()).isEqualTo("a");
            assertThat(batch.secrets().get("app/batch-b").fields().get("user").reveal()).isEqualTo("b");
            assertThat(batch.errors()).containsOnlyKeys("ops/hidden", "app/batch-missing");
            assertThat(batch.errors().get("ops/hidden").code()).isEqualTo("access_denied");
            assertThat(batch.errors().get("app/batch-missing").code()).isEqualTo("not_found");
        }
    }

    @Test
    void policies_createBindAndTestWithContext_namesTheDecidingRule() {
        root.secrets().write("prod/db", "prod-password");
        var officeWithMfa = new Policy.Conditions(List.of("10.0.0.0/8"), true, null, null);
        // policies.create(name, rules, description) -> {id "pol_…", name, description, rules, created_at}
        Policy policy = root.policies().create("prod-readers", List.of(
                Policy.Rule.allow("prod/**", Policy.Permission.READ, Policy.Permission.LIST).when(officeWithMfa),
                Policy.Rule.deny("prod/root-ca", Policy.Permission.READ)),
                "production reads from the office network with MFA");
        assertThat(policy.id()).startsWith("pol_");
        assertThat(policy.name()).isEqualTo("prod-readers");
        assertThat(policy.description()).isEqualTo("production reads from the office network with MFA");
        assertThat(policy.createdAt()).isNotNull();
        assertThat(policy.rules()).hasSize(2);
        Policy.Rule conditional = policy.rules().get(0);
        assertThat(conditional.path()).isEqualTo("prod/**");
        assertThat(conditional.typedPermissions()).containsExactlyInAnyOrder(Policy.Permission.READ,
                Policy.Permission.LIST);
        assertThat(conditional.conditions()).isNotNull();
        assertThat(conditional.conditions().ipRanges()).containsExactly("10.0.0.0/8");
        assertThat(conditional.conditions().requireMfa()).isTrue();
        assertThat(policy.rules().get(1).typedEffect()).isEqualTo(Policy.Effect.DENY);

        // policies.bind(policy_id, identity_type, identity_id)
        Client.Created deployer = root.clients().create("deployer", null);
        root.policies().bind(policy.id(), IdentityType.CLIENT, deployer.clientId());
        String subject = "client:" + deployer.clientId();
        assertThat(root.policies().bindings(policy.id())).contains(subject);

        // policies.test(...) with context: allowed from the office with MFA, by the conditional rule
        Policy.TestResult allowed = root.policies().test(Policy.Test.builder(subject, "prod/db",
                Policy.Permission.READ).ip("10.1.2.3").mfa(true).build());
        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.policy()).isEqualTo("prod-readers");
        assertThat(allowed.ruleIndex()).isEqualTo(0);
        assertThat(allowed.rule()).isNotNull();
        assertThat(allowed.rule().path()).isEqualTo("prod/**");
        assertThat(allowed.policiesConsidered()).contains("prod-readers");
        // outside the range, or without MFA: the rule does not apply and nothing else allows
        for (Policy.Test outside : List.of(
                Policy.Test.builder(subject, "prod/db", Policy.Permission.READ).ip("192.168.1.5").mfa(true).build(),
                Policy.Test.builder(subject, "prod/db", Policy.Permission.READ).ip("10.1.2.3").mfa(false).build(),
                Policy.Test.builder(subject, "prod/db", Policy.Permission.READ).build())) {
            Policy.TestResult denied = root.policies().test(outside);
            assertThat(denied.allowed()).as("%s", outside).isFalse();
            assertThat(denied.ruleIndex()).as("a default deny has no deciding rule").isNull();
            assertThat(denied.reason()).isNotBlank();
        }
        // an explicit deny wins over the allow, and is named
        Policy.TestResult denied = root.policies().test(Policy.Test.builder(subject, "prod/root-ca",
                Policy.Permission.READ).ip("10.1.2.3").mfa(true).build());
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.policy()).isEqualTo("prod-readers");
        assertThat(denied.ruleIndex()).isEqualTo(1);
        assertThat(denied.rule().typedEffect()).isEqualTo(Policy.Effect.DENY);

        // and the real request: the client calls from 127.0.0.1 without MFA, so the conditional rule does not apply
        try (ArcaClient client = ArcaClient.builder().address(server.address()).vault("default").retries(0)
                .clientCredentials(deployer.clientId(), deployer.clientSecret().reveal()).build()) {
            assertThatThrownBy(() -> client.secrets().read("prod/db")).isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void errors_carryCodeMessageDetailsAndRequestId_asTypedExceptions() {
        // a bad request names the field, and nothing is written
        assertThatThrownBy(() -> root.secrets().write("app/bad-limit", Secret.Put.value("x").maxVersions(0).build()))
                .isInstanceOfSatisfying(ValidationException.class, invalid -> {
                    assertEnvelope(invalid, 400, "invalid_request");
                    assertThat(invalid.field()).isEqualTo("max_versions");
                    assertThat(invalid.details()).containsEntry("field", "max_versions");
                });
        assertThatThrownBy(() -> root.secrets().metadata("app/bad-limit")).isInstanceOf(NotFoundException.class);

        try (ArcaClient reader = withToken(readerToken)) {
            assertThatThrownBy(() -> reader.secrets().read("ops/hidden")).isInstanceOfSatisfying(
                    AccessDeniedException.class, denied -> assertEnvelope(denied, 403, "access_denied"));
            assertThatThrownBy(() -> reader.secrets().read("app/never-written")).isInstanceOfSatisfying(
                    NotFoundException.class, notFound -> {
                        assertEnvelope(notFound, 404, "not_found");
                        assertThat(notFound.secret()).isEqualTo("app/never-written");
                    });
        }
        // rotating a deleted secret conflicts with its state
        root.secrets().write("app/gone", "x");
        root.secrets().delete("app/gone");
        assertThatThrownBy(() -> root.secrets().rotate("app/gone", Secret.Rotate.builder().value("y").build()))
                .isInstanceOfSatisfying(ConflictException.class, conflict -> assertEnvelope(conflict, 409,
                        "conflict"));

        // RateLimitError.retry_after: a second poll of one secret without waiting, within 10 s
        String id = root.secrets().write("app/polled", "p").id();
        try (ArcaClient poller = withToken(readerToken)) {
            poller.secrets().watch(id, 0, Duration.ZERO);
            assertThatThrownBy(() -> poller.secrets().watch(id, 0, Duration.ZERO)).isInstanceOfSatisfying(
                    RateLimitedException.class, limited -> {
                        assertEnvelope(limited, 429, "rate_limited");
                        assertThat(limited.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
                        assertThat(limited.details()).containsKey("retry_after_seconds");
                    });
        }
    }

    /** ScaiVault's envelope {@code {error: {code, message, details, request_id}}}, as the exception carries it. */
    private static void assertEnvelope(ApiException error, int status, String code) {
        assertThat(error.statusCode()).isEqualTo(status);
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.errorCode()).isPresent();
        assertThat(error.detail()).isNotBlank();
        assertThat(error.getMessage()).contains(error.detail()).contains(code);
        assertThat(error.requestId()).startsWith("req_");
        assertThat(error.getMessage()).contains(error.requestId());
    }

    @Test
    void retries_withExponentialBackoff_carryARequestAcrossASealUntilTheUnseal() throws Exception {
        String path = "app/during-seal";
        root.secrets().write(path, "still here");
        try (ArcaClient impatient = ArcaClient.builder().address(server.address()).token(server.rootToken())
                .vault("default").cacheTtl(Duration.ZERO).retries(0).build();
                ArcaClient patient = ArcaClient.builder().address(server.address()).token(server.rootToken())
                        .vault("default").cacheTtl(Duration.ZERO).retries(8)
                        .retryBackoff(Duration.ofMillis(100), 2).build()) {
            root.sys().seal();
            try {
                // ServiceUnavailableError: without retries the sealed answer reaches the caller
                assertThatThrownBy(() -> impatient.secrets().read(path)).isInstanceOf(SealedException.class)
                        .isInstanceOf(UnavailableException.class);
                CompletableFuture<Secret> read = CompletableFuture.supplyAsync(() -> patient.secrets().read(path));
                Thread.sleep(300); // the first attempts are answered 503; the next waits are 0.4 s, 0.8 s, …
                assertThat(read).isNotDone();
                unseal();
                assertThat(read.get(30, TimeUnit.SECONDS).value().reveal()).isEqualTo("still here");
            } finally {
                if (root.sys().sealStatus().sealed()) {
                    unseal();
                }
            }
        }
    }

    private static void unseal() {
        server.unsealKeys().stream().limit(3).forEach(key -> root.sys().unseal(key));
    }

    @Test
    void async_answersTheSameReads() {
        String path = "app/async";
        root.secrets().write(path, "first");
        root.secrets().write(path, "second");
        try (ArcaClient reader = withToken(readerToken)) {
            AsyncSecretOperations secrets = reader.async().secrets();
            Secret secret = secrets.read(path).join();
            assertThat(secret.version()).isEqualTo(2);
            assertThat(secret.value().reveal()).isEqualTo("second");
            assertThat(secret.secretType()).isEqualTo(SecretType.STRING);
            assertThat(secrets.read(path, 1).join().value().reveal()).isEqualTo("first");
            assertThat(secrets.batchRead(List.of(path, "ops/hidden")).join().errors()).containsOnlyKeys("ops/hidden");
            assertThat(secrets.list("app/async", 10, null).join().data()).extracting(Secret.Item::path)
                    .containsExactly(path);
            Consumer<Throwable> notFound = failure -> assertThat(failure).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> secrets.read("app/async-missing").join()).satisfies(notFound);
        }
    }

    private static Map<String, String> reveal(Map<String, SecretText> fields) {
        var revealed = new HashMap<String, String>();
        fields.forEach((name, value) -> revealed.put(name, value.reveal()));
        return revealed;
    }
}
