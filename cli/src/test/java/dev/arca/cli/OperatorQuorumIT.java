package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.server.ArcaServer;
import dev.arca.server.config.ServerConfigLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a quorum of key holders runs against a real (non-dev) server: {@code arca operator rekey} (a quorum of the old
 * keys makes new ones, the old ones stop unsealing, the data written before stays readable) and {@code arca operator
 * generate-root} (a new root token once every root token was revoked).
 */
class OperatorQuorumIT {
    @TempDir
    Path dir;

    private ArcaServer server;
    private Cli operator;
    private final List<String> oldKeys = new ArrayList<>();

    @BeforeEach
    void initUnsealAndWrite() throws IOException {
        server = start();
        operator = new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.resolve("home").toString());
        JsonNode init = json(operator.run("operator", "init", "--shares", "5", "--threshold", "3", "--format", "json"));
        init.path("unseal_keys").forEach(key -> oldKeys.add(key.asText()));
        operator.with("ARCA_TOKEN", init.path("root_token").asText());
        for (String key : oldKeys.subList(0, 3)) {
            ok(operator.run("operator", "unseal", key));
        }
        ok(operator.run("vault", "create", "prod"));
        operator.with("ARCA_VAULT", "prod");
        ok(operator.run("project", "create", "app"));
        ok(operator.run("secret", "put", "app/db", "--value", "hunter2"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void keyHoldersRekey_thenOnlyTheNewKeysUnseal() throws IOException {
        String started = ok(operator.run("operator", "rekey", "--init", "--shares", "3", "--threshold", "2")).out();
        assertThat(started).contains("progress").contains("0/3");
        String nonce = json(operator.run("operator", "rekey", "--status", "--format", "json")).path("nonce").asText();
        assertThat(started).contains("arca operator rekey --nonce " + nonce);

        ok(operator.run("operator", "rekey", "--nonce", nonce, oldKeys.get(4)));
        Cli.Result repeated = operator.run("operator", "rekey", "--nonce", nonce, oldKeys.get(4));
        assertThat(repeated.exitCode()).isEqualTo(1);
        assertThat(repeated.err()).contains("already provided").doesNotContain(oldKeys.get(4));
        assertThat(operator.run("operator", "rekey", "--nonce", "rekey_wrong", oldKeys.get(3)).err())
                .contains("not the nonce of the rekey in progress");
        ok(operator.runWithStdin(oldKeys.get(3) + "\n", "operator", "rekey", "--nonce", nonce)); // key from stdin
        Cli.Result done = ok(operator.run("operator", "rekey", "--nonce", nonce, oldKeys.get(0)));
        List<String> newKeys = done.out().lines().filter(line -> line.startsWith("New unseal key "))
                .map(line -> line.substring(line.indexOf(": ") + 2)).toList();
        assertThat(newKeys).hasSize(3).doesNotContainAnyElementsOf(oldKeys);
        assertThat(done.out()).contains("previous unseal keys no longer work");

        ok(operator.run("operator", "seal"));
        Cli.Result old = operator.run("operator", "unseal", oldKeys.get(1));
        assertThat(old.exitCode()).isEqualTo(1);
        assertThat(old.err()).contains("does not belong to this vault's seal");
        ok(operator.run("operator", "unseal", newKeys.get(2)));
        ok(operator.run("operator", "unseal", newKeys.get(0)));
        assertThat(ok(operator.run("secret", "get", "app/db")).out().strip()).isEqualTo("hunter2");
        assertThat(json(operator.run("operator", "status", "--format", "json")).path("threshold").asInt()).isEqualTo(2);
    }

    @Test
    void cancelledRekey_leavesTheOldKeys() throws IOException {
        String nonce = json(operator.run("operator", "rekey", "--init", "--format", "json")).path("nonce").asText();
        ok(operator.run("operator", "rekey", "--nonce", nonce, oldKeys.get(0)));
        assertThat(ok(operator.run("operator", "rekey", "--cancel")).out()).contains("No rekey is in progress");
        assertThat(operator.run("operator", "rekey", "--nonce", nonce, oldKeys.get(1)).err())
                .contains("no rekey is in progress");

        ok(operator.run("operator", "seal"));
        for (String key : oldKeys.subList(2, 5)) {
            ok(operator.run("operator", "unseal", key));
        }
        assertThat(ok(operator.run("secret", "get", "app/db")).out().strip()).isEqualTo("hunter2");
    }

    @Test
    void optionsThatDoNotGoTogether_areRefusedBeforeAnyCall() {
        assertThat(operator.run("operator", "rekey").err()).contains("--init");
        assertThat(operator.run("operator", "rekey", "--status", "--shares", "3").err())
                .contains("--shares and --threshold go with --init");
        assertThat(operator.run("operator", "rekey", "--init", "--cancel").err()).contains("mutually exclusive");
    }

    @Test
    void revokedRoot_isReplacedByAQuorum_andOnlyThePadDecodesTheNewToken() throws IOException {
        assertThat(operator.run("token", "revoke", "--self", "--accessor", "x").err()).contains("one of them");
        assertThat(ok(operator.run("token", "revoke", "--self")).out()).contains("no longer works");
        assertThat(operator.run("vault", "list").exitCode()).isEqualTo(1);
        var anonymous = new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.resolve("none").toString());

        String started = ok(anonymous.run("operator", "generate-root", "--init")).out();
        String pad = started.lines().filter(line -> line.startsWith("otp ")).map(line -> line.split("\\s+")[1])
                .findFirst().orElseThrow();
        String nonce = json(anonymous.run("operator", "generate-root", "--status", "--format", "json")).path("nonce")
                .asText();
        assertThat(started).contains("arca operator generate-root --nonce " + nonce);
        assertThat(anonymous.run("operator", "generate-root", "--init").err()).contains("already in progress");
        ok(anonymous.run("operator", "generate-root", "--nonce", nonce, oldKeys.get(1)));
        assertThat(anonymous.run("operator", "generate-root", "--nonce", nonce, oldKeys.get(1)).err())
                .contains("already provided");
        ok(anonymous.run("operator", "generate-root", "--nonce", nonce, oldKeys.get(2)));
        JsonNode done = json(anonymous.run("operator", "generate-root", "--nonce", nonce, oldKeys.get(3),
                "--format", "json"));
        assertThat(done.path("complete").asBoolean()).isTrue();
        String encoded = done.path("encoded_token").asText();
        assertThat(encoded).doesNotContain("arca_");

        String token = ok(anonymous.run("operator", "generate-root", "--decode", encoded, "--otp", pad)).out().strip();
        assertThat(token).startsWith("arca_");
        Cli root2 = anonymous.with("ARCA_TOKEN", token);
        assertThat(ok(root2.run("vault", "list")).out()).contains("prod");
        assertThat(anonymous.run("operator", "generate-root", "--decode", encoded).err()).contains("--otp");
    }

    private ArcaServer start() {
        return ArcaServer.start(new ServerConfigLoader(dir.resolve("home"))
                .flag("listen", "127.0.0.1:0")
                .flag("data_dir", dir.resolve("data").toString())
                .load());
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isZero();
        return result;
    }

    private static JsonNode json(Cli.Result result) throws IOException {
        return Json.lenient().readTree(ok(result).out());
    }
}
