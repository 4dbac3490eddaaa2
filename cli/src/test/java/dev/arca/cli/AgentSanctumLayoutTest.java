package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.Json;
import dev.arca.sdk.FakeArca;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca agent create NAME --layout sanctum}: the key written where and as SanctumAI's clients read it. */
class AgentSanctumLayoutTest {
    private static final String CREATED = "{\"id\":\"agent_1\",\"name\":\"bot\",\"vault_id\":\"vault_1\"}";
    /** The DER prefix of an X.509 Ed25519 public key, before its 32 raw bytes. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    @TempDir
    Path home;

    private final FakeArca server = new FakeArca();

    private Cli cli() {
        return new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", home.toString())
                .with("ARCA_TOKEN", "arca_t");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sanctumLayout_writesTheSeedInHex_ownerOnly_matchingTheRegisteredPublicKey() throws Exception {
        server.on("POST /v1/vaults/prod/agents", 201, CREATED);
        Path dir = home.resolve("sanctum/keys");

        var result = cli().run("agent", "create", "bot", "--vault", "prod", "--layout", "sanctum", "--key-dir",
                dir.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        Path key = dir.resolve("bot.key");
        String hex = Files.readString(key).strip();
        assertThat(hex).matches("[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        byte[] registered = Base64.getDecoder().decode(Json.lenient().readTree(server.last().body())
                .get("public_key").asText());
        assertThat(signatureVerifies(HexFormat.of().parseHex(hex), registered)).isTrue();
    }

    @Test
    void sanctumLayout_refusesToReplaceAKey_unlessForced() throws Exception {
        server.on("POST /v1/vaults/prod/agents", 201, CREATED);
        Path dir = home.resolve("keys-dir");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("bot.key"), "kept");

        var refused = cli().run("agent", "create", "bot", "--vault", "prod", "--layout", "sanctum", "--key-dir",
                dir.toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("exists already").contains("--force");
        assertThat(Files.readString(dir.resolve("bot.key"))).isEqualTo("kept");

        var forced = cli().run("agent", "create", "bot", "--vault", "prod", "--layout", "sanctum", "--key-dir",
                dir.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(Files.readString(dir.resolve("bot.key")).strip()).matches("[0-9a-f]{64}");
    }

    /** A signature made with the seed's key verifies with the public key the server was given. */
    private static boolean signatureVerifies(byte[] seed, byte[] rawPublicKey) throws Exception {
        var factory = KeyFactory.getInstance("Ed25519");
        var privateKey = factory.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
        byte[] message = "challenge".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(privateKey);
        signer.update(message);
        byte[] signature = signer.sign();
        byte[] encoded = new byte[X509_PREFIX.length + rawPublicKey.length];
        System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
        System.arraycopy(rawPublicKey, 0, encoded, X509_PREFIX.length, rawPublicKey.length);
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(factory.generatePublic(new X509EncodedKeySpec(encoded)));
        verifier.update(message);
        return verifier.verify(signature);
    }
}
