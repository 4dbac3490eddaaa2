package dev.arca.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestServer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine enrolling under a name a live machine of the vault already has (the impostor of issue 12, item 8): 409,
 * and the machines and the token's uses stay as they were.
 */
@Tag("hostile")
class MachineNamesHostileIT {
    @TempDir
    Path dir;
    TestServer server;
    String token;

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        var created = server.root("POST", "/v1/vaults/default/enrollment-tokens", "{}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        token = created.json().path("token").asText();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestServer.Response enroll(String name) {
        return server.call("POST", "/v1/enroll", null, "{\"vault\":\"default\",\"token\":\"" + token
                + "\",\"public_key\":\"" + rawPublicKey() + "\",\"name\":\"" + name + "\",\"hostname\":\"web-1.lan\"}");
    }

    private String state() {
        return server.root("GET", "/v1/vaults/default/machines", null).body() + "\n"
                + server.root("GET", "/v1/vaults/default/enrollment-tokens", null).body();
    }

    @Test
    void impostorTakingAnApprovedMachinesName_is409_andChangesNothing() {
        var real = enroll("web-1");
        assertThat(real.status()).as(real.body()).isEqualTo(201);
        String id = real.json().path("machine_id").asText();
        assertThat(server.root("POST", "/v1/vaults/default/machines/" + id + "/approve", null).status())
                .isEqualTo(200);
        String before = state();

        for (String name : new String[] {"web-1", "WEB-1"}) {
            var impostor = enroll(name);
            assertThat(impostor.status()).as(impostor.body()).isEqualTo(409);
            assertThat(impostor.errorCode()).isEqualTo("conflict");
            assertThat(impostor.json().path("error").path("message").asText())
                    .contains("already named '" + name + "'");
        }
        assertThat(state()).isEqualTo(before);
    }

    private static String rawPublicKey() {
        try {
            byte[] encoded = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
            // X.509 SubjectPublicKeyInfo of Ed25519: a fixed 12-byte header, then the raw 32-byte key
            return Base64.getEncoder().encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32,
                    encoded.length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK", e);
        }
    }
}
