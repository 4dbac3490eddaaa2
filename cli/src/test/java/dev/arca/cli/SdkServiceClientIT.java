package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.EnrollmentToken;
import dev.arca.api.Policy;
import dev.arca.sdk.AccessDeniedException;
import dev.arca.sdk.AuthenticationException;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.Enrollment;
import dev.arca.sdk.MachineIdentity;
import dev.arca.server.TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's service client against a real server: retries (a request first answered 503 sealed goes through once
 * unsealed, re-signed) and client credentials from the environment.
 */
class SdkServiceClientIT {
    @TempDir
    Path dir;

    private TestServer server;
    private ArcaClient root;

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        root = ArcaClient.builder().address(server.address()).token(server.rootToken).vault("default").build();
        root.projects().create("app");
        root.secrets().write("app/db", "hunter2");
    }

    @AfterEach
    void stop() {
        root.close();
        server.close();
    }

    private MachineIdentity enrolledMachine() {
        var token = root.machines().createEnrollmentToken(EnrollmentToken.Create.builder().maxUses(1)
                .secrets(List.of("app/db")).autoApprove(true).build());
        var enrolled = Enrollment.enroll(URI.create(server.address()), "default", token.token().reveal(), "web-1",
                "web-1");
        return MachineIdentity.save(dir.resolve("machine-home"), enrolled, null);
    }

    @Test
    void fromEnvWithClientCredentials_readsAGrantedSecret() {
        var created = root.clients().create("billing", null);
        root.policies().put("billing", List.of(new Policy.Rule("app/db", List.of("read"), null, null)));
        root.policies().bind("billing", "client:" + created.clientId());
        try (var billing = ArcaClient.fromEnv(Map.of("ARCA_ADDR", server.address(), "ARCA_VAULT", "default",
                "ARCA_CLIENT_ID", created.clientId(), "ARCA_CLIENT_SECRET", created.clientSecret().reveal()))) {
            assertThat(billing.secrets().read("app/db").value().reveal()).isEqualTo("hunter2");
            assertThatThrownBy(() -> billing.secrets().write("app/db", "mine now"))
                    .isInstanceOf(AccessDeniedException.class);
        }
        try (var wrong = ArcaClient.fromEnv(Map.of("ARCA_ADDR", server.address(), "ARCA_VAULT", "default",
                "ARCA_CLIENT_ID", created.clientId(), "ARCA_CLIENT_SECRET", "arcas_wrong"))) {
            assertThatThrownBy(() -> wrong.secrets().read("app/db")).isInstanceOf(AuthenticationException.class);
        }
    }

    /** A client with a registered P-256 key: every request carries its own JWT, or the JWT buys a token. */
    @Test
    void clientWithARegisteredKey_readsWithAJwtPerRequest_andWithPrivateKeyJwt() throws Exception {
        var keys = java.security.KeyPairGenerator.getInstance("EC");
        keys.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        var pair = keys.generateKeyPair();
        var created = root.clients().create("billing", pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        root.policies().put("billing", List.of(new Policy.Rule("app/db", List.of("read"), null, null)));
        root.policies().bind("billing", "client:" + created.clientId());
        String privatePem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
        try (var perRequest = ArcaClient.builder().address(server.address()).vault("default").cacheTtl(Duration.ZERO)
                .clientJwt(created.clientId(), privatePem).build();
                var exchanged = ArcaClient.builder().address(server.address()).vault("default")
                        .cacheTtl(Duration.ZERO).clientAssertion(created.clientId(), privatePem).build()) {
            // twice each: a JWT is spent on one request, so the second read proves a fresh one was signed
            assertThat(perRequest.secrets().read("app/db").value().reveal()).isEqualTo("hunter2");
            assertThat(perRequest.secrets().read("app/db").value().reveal()).isEqualTo("hunter2");
            assertThat(exchanged.secrets().read("app/db").value().reveal()).isEqualTo("hunter2");
            assertThat(exchanged.secrets().read("app/db").value().reveal()).isEqualTo("hunter2");
            assertThatThrownBy(() -> perRequest.secrets().write("app/db", "mine now"))
                    .isInstanceOf(AccessDeniedException.class);
        }
        var otherKeys = keys.generateKeyPair();
        try (var impostor = ArcaClient.builder().address(server.address()).vault("default")
                .clientJwt(created.clientId(), pem("PRIVATE KEY", otherKeys.getPrivate().getEncoded())).build()) {
            assertThatThrownBy(() -> impostor.secrets().read("app/db")).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("signature does not verify");
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Test
    void signedReadWhileSealed_isRetriedReSignedAndAccepted() throws Exception {
        var identity = enrolledMachine();
        assertThat(server.root("POST", "/v1/sys/seal", null).status()).isEqualTo(200);
        try (var machine = ArcaClient.builder().identity(identity).address(server.address())
                .backoff(Duration.ofSeconds(2)).build()) {
            long start = System.nanoTime();
            var read = CompletableFuture.supplyAsync(() -> machine.secrets().read("app/db").value());
            Thread.sleep(500); // the first attempt has been answered 503 sealed; the retry waits 2 s
            for (int share = 0; share < 3; share++) {
                server.unseal(server.unsealKeys.get(share));
            }
            assertThat(read.get(20, TimeUnit.SECONDS).reveal()).isEqualTo("hunter2");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
    }
}
