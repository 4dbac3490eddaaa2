package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.server.ArcaServer;
import dev.arca.server.config.ServerConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arca machine enroll --layout sikkerkey} against a real server's SikkerKey door: the identity the SikkerKey
 * clients read (exactly five keys, a PKCS#8 key, owner-only files), a signed read with that key as those clients make
 * it, and no overwrite without {@code --force}.
 */
class SikkerKeyLayoutIT {
    @TempDir
    Path dir;

    private ArcaServer server;
    private Cli admin;
    private Path sikkerkeyHome;

    @BeforeEach
    void start() {
        server = ArcaServer.start(new ServerConfigLoader(dir.resolve("home")).dev(true)
                .flag("listen", "127.0.0.1:0")
                .flag("sikkerkey_listen", "127.0.0.1:0")
                .flag("data_dir", dir.resolve("data").toString())
                .load());
        admin = new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.resolve("home").toString());
        ok(admin.run("project", "create", "app"));
        ok(admin.run("secret", "put", "app/db", "--value", "hunter2"));
        sikkerkeyHome = dir.resolve("sikkerkey");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void enroll_writesTheSikkerKeyIdentity_thatSignsReads() throws Exception {
        ok(enroll());
        Path vaultDir = sikkerkeyHome.resolve("vaults").resolve(vaultId());
        JsonNode identity = Json.lenient().readTree(Files.readAllBytes(vaultDir.resolve("identity.json")));
        List<String> keys = new ArrayList<>();
        identity.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("machineId", "machineName", "vaultId", "apiUrl", "privateKeyPath");
        assertThat(identity.path("apiUrl").asText()).isEqualTo(server.sikkerkeyAddress().orElseThrow());
        assertThat(Path.of(identity.path("privateKeyPath").asText())).isEqualTo(vaultDir.resolve("private.pem"));
        assertThat(mode(vaultDir)).isEqualTo("rwx------");
        assertThat(mode(vaultDir.resolve("identity.json"))).isEqualTo("rw-------");
        assertThat(mode(vaultDir.resolve("private.pem"))).isEqualTo("rw-------");
        String pem = Files.readString(vaultDir.resolve("private.pem"));
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");

        String id = json(admin.run("secret", "get", "app/db", "--format", "json")).path("id").asText();
        var read = signedGet(identity.path("apiUrl").asText(), "/v1/secret/" + id,
                identity.path("machineId").asText(), privateKey(pem));
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(Json.lenient().readTree(read.body()).path("value").asText()).isEqualTo("hunter2");
    }

    @Test
    void enrollAgain_withoutForce_isRefused_andKeepsTheIdentity() throws Exception {
        ok(enroll());
        Path identity = sikkerkeyHome.resolve("vaults").resolve(vaultId()).resolve("identity.json");
        String before = Files.readString(identity);
        var again = enroll();
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("not replaced");
        assertThat(Files.readString(identity)).isEqualTo(before);
        ok(enroll("--force"));
        assertThat(Files.readString(identity)).isNotEqualTo(before);
    }

    private Cli.Result enroll(String... more) throws IOException {
        String token = json(admin.run("machine", "token", "create", "--projects", "app", "--auto-approve",
                "--format", "json")).get("token").asText();
        List<String> args = new ArrayList<>(List.of("machine", "enroll", "--layout", "sikkerkey", "--addr",
                server.sikkerkeyAddress().orElseThrow(), "--vault", vaultId(), "--token", token));
        args.addAll(List.of(more));
        return new Cli().with("SIKKERKEY_HOME", sikkerkeyHome.toString()).with("ARCA_HOME", dir.resolve("m").toString())
                .run(args.toArray(String[]::new));
    }

    private static HttpResponse<String> signedGet(String apiUrl, String path, String machineId, PrivateKey key)
            throws Exception {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String nonceText = Base64.getEncoder().encodeToString(nonce);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update(("GET:" + path + ":" + timestamp + ":" + nonceText + ":" + hash).getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create(apiUrl + path)).GET()
                .header("X-Machine-Id", machineId).header("X-Timestamp", timestamp).header("X-Nonce", nonceText)
                .header("X-Signature", Base64.getEncoder().encodeToString(signer.sign())).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static PrivateKey privateKey(String pem) throws Exception {
        String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                .decode(base64)));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isZero();
        return result;
    }

    private JsonNode json(Cli.Result result) throws IOException {
        return Json.lenient().readTree(ok(result).out());
    }

    private String vaultId() throws IOException {
        return json(admin.run("vault", "list", "--format", "json")).get("data").get(0).get("id").asText();
    }
}
