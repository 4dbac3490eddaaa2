package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.Rotation;
import dev.arca.api.SecretText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Arca}'s identity resolution, options and event mapping, without a server. */
class ArcaTest {
    @TempDir
    Path home;

    private Path save(String vaultId, String machineId) {
        MachineIdentity.save(home, new MachineIdentity.Stored(machineId, "web-1", vaultId, "http://127.0.0.1:1",
                MachineIdentity.KEY_FILE), Ed25519Keys.generate().getPrivate(), null);
        return MachineIdentity.defaultFile(home, vaultId);
    }

    private Map<String, String> env(String... pairs) {
        var env = new java.util.HashMap<String, String>();
        env.put("ARCA_HOME", home.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void explicitPath_winsOverEverything() {
        Path a = save("vault_a", "mach_a");
        save("vault_b", "mach_b");
        assertThat(Arca.resolve(a.toString(), env("ARCA_IDENTITY", "vault_b"))).isEqualTo(a);
    }

    @Test
    void vaultId_getsItsPrefix_andIsLookedUpUnderHome() {
        save("vault_abc123", "mach_a");
        save("vault_other", "mach_b");
        assertThat(Arca.resolve("abc123", env())).isEqualTo(MachineIdentity.defaultFile(home, "vault_abc123"));
        assertThat(Arca.resolve("vault_abc123", env("ARCA_IDENTITY", "vault_other")))
                .isEqualTo(MachineIdentity.defaultFile(home, "vault_abc123"));
    }

    @Test
    void arcaIdentityEnv_isUsedWithoutAChoice_asPathOrVault() {
        Path a = save("vault_a", "mach_a");
        save("vault_b", "mach_b");
        assertThat(Arca.resolve(null, env("ARCA_IDENTITY", "vault_b"))).isEqualTo(MachineIdentity.defaultFile(home, "vault_b"));
        assertThat(Arca.resolve(null, env("ARCA_IDENTITY", a.toString()))).isEqualTo(a);
    }

    @Test
    void singleVaultOnDisk_isChosenLast() {
        Path only = save("vault_only", "mach_a");
        assertThat(Arca.resolve(null, env())).isEqualTo(only);
        try (Arca arca = Arca.open(null, env())) {
            assertThat(arca.machineId()).isEqualTo("mach_a");
            assertThat(arca.machineName()).isEqualTo("web-1");
            assertThat(arca.vaultId()).isEqualTo("vault_only");
            assertThat(arca.apiUrl().toString()).isEqualTo("http://127.0.0.1:1");
            assertThat(arca.toString()).contains("mach_a").contains("<redacted>");
        }
        assertThat(Arca.vaultsUnder(home)).containsExactly("vault_only");
    }

    @Test
    void noIdentity_throwsConfigurationException_sayingWhatToDo() {
        assertThatThrownBy(() -> Arca.resolve(null, env())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no machine identity").hasMessageContaining("arca machine enroll");
        assertThatThrownBy(() -> Arca.resolve("vault_missing", env())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("vault_missing").hasMessageContaining("arca machine enroll");
        assertThatThrownBy(() -> Arca.open(home.resolve("nope/identity.json").toString(), env()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("no machine identity at");
    }

    @Test
    void severalVaults_withoutAChoice_throwConfigurationException_listingThem() {
        save("vault_a", "mach_a");
        save("vault_b", "mach_b");
        assertThatThrownBy(() -> Arca.resolve(null, env())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("several").hasMessageContaining("vault_a, vault_b")
                .hasMessageContaining("ARCA_IDENTITY");
    }

    @Test
    void unreadableKey_throwsConfigurationException() throws Exception {
        Path identity = save("vault_a", "mach_a");
        Files.writeString(identity.resolveSibling(MachineIdentity.KEY_FILE), "not a key");
        assertThatThrownBy(() -> Arca.open(null, env())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(MachineIdentity.KEY_FILE);
    }

    @Test
    void setPollInterval_refusesLessThanTenSeconds() {
        save("vault_a", "mach_a");
        try (Arca arca = Arca.open(null, env())) {
            arca.setPollInterval(Duration.ofSeconds(10));
            arca.setPollInterval(Duration.ofMinutes(1));
            assertThatThrownBy(() -> arca.setPollInterval(Duration.ofSeconds(9)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10 s");
        }
    }

    @Test
    void watchEvent_mapsEveryServerType() {
        var changed = WatchEvent.from(new dev.arca.api.WatchEvent("changed", "sk_1", "app/db", 2, SecretText.of("s3cret"),
                null, null));
        assertThat(changed.status()).isEqualTo(WatchStatus.CHANGED);
        assertThat(changed.secretId()).isEqualTo("sk_1");
        assertThat(changed.value()).isEqualTo("s3cret");
        assertThat(changed.error()).isNull();
        assertThat(changed.toString()).doesNotContain("s3cret");
        var fields = WatchEvent.from(new dev.arca.api.WatchEvent("changed", "sk_1", "app/db", 3, null,
                Map.of("u", SecretText.of("x")), null));
        assertThat(fields.fields()).containsEntry("u", "x");
        assertThat(WatchEvent.from(new dev.arca.api.WatchEvent("deleted", "sk_1", "app/db", 3, null, null, null)).status())
                .isEqualTo(WatchStatus.DELETED);
        var denied = WatchEvent.from(new dev.arca.api.WatchEvent("access_denied", "sk_1", null, null, null, null, null));
        assertThat(denied.status()).isEqualTo(WatchStatus.ACCESS_DENIED);
        assertThat(denied.error()).isNotBlank();
        assertThat(WatchEvent.from(new dev.arca.api.WatchEvent("error", "sk_1", "app/db", 4, null, null, null)).status())
                .isEqualTo(WatchStatus.ERROR);
        assertThat(WatchEvent.from(new dev.arca.api.WatchEvent("new-kind", "sk_1", null, null, null, null, null)).status())
                .isEqualTo(WatchStatus.ERROR);
    }

    @Test
    void watchEvent_rotated_isAChangeWithItsRun_andOnlyChangesAreNewValues() {
        var notice = new Rotation.Notice("api-keys", "rrun_1", null, null);
        var rotated = WatchEvent.from(new dev.arca.api.WatchEvent("rotated", "sk_1", "app/api-key", 2,
                SecretText.of("n3w-key"), null, notice));
        assertThat(rotated.status()).isEqualTo(WatchStatus.ROTATED);
        assertThat(rotated.isNewValue()).isTrue();
        assertThat(rotated.value()).isEqualTo("n3w-key");
        assertThat(rotated.rotation()).isEqualTo(notice);
        assertThat(rotated.error()).isNull();
        assertThat(rotated.toString()).doesNotContain("n3w-key").contains("policy=api-keys").contains("run=rrun_1");
        var rotatedFields = WatchEvent.from(new dev.arca.api.WatchEvent("rotated", "sk_2", "app/db", 5, null,
                Map.of("password", SecretText.of("pw2"), "username", SecretText.of("app")), notice));
        assertThat(rotatedFields.fields()).containsEntry("password", "pw2").containsEntry("username", "app");

        var changed = WatchEvent.from(new dev.arca.api.WatchEvent("changed", "sk_1", "app/db", 2, null, null, null));
        assertThat(changed.isNewValue()).isTrue();
        assertThat(changed.rotation()).isNull();
        for (String other : List.of("deleted", "access_denied", "error", "new-kind")) {
            assertThat(WatchEvent.from(new dev.arca.api.WatchEvent(other, "sk_1", null, null, null, null, null))
                    .isNewValue()).as(other).isFalse();
        }
    }

    @Test
    void watchEvent_rotationNotices_carryTheirNotice_neverAValue_andAreNoNewValue() {
        Instant dueAt = Instant.parse("2026-12-03T10:00:00Z");
        var due = WatchEvent.from(new dev.arca.api.WatchEvent("rotation_due", "sk_1", "app/api-key", 1,
                SecretText.of("leaked?"), Map.of("f", SecretText.of("leaked?")),
                new Rotation.Notice("api-keys", null, dueAt, null)));
        assertThat(due.status()).isEqualTo(WatchStatus.ROTATION_DUE);
        assertThat(due.isNewValue()).isFalse();
        assertThat(due.value()).as("a notice is no new value, whatever was sent").isNull();
        assertThat(due.fields()).isNull();
        assertThat(due.error()).isNull();
        assertThat(due.rotation().dueAt()).isEqualTo(dueAt);
        assertThat(due.toString()).contains("due=2026-12-03T10:00:00Z").doesNotContain("leaked?");

        var failed = WatchEvent.from(new dev.arca.api.WatchEvent("rotation_failed", "sk_1", "app/api-key", 1, null,
                null, new Rotation.Notice("api-keys", "rrun_2", null, "database refused: permission denied")));
        assertThat(failed.status()).isEqualTo(WatchStatus.ROTATION_FAILED);
        assertThat(failed.isNewValue()).isFalse();
        assertThat(failed.value()).isNull();
        assertThat(failed.error()).isEqualTo("database refused: permission denied");
        assertThat(failed.rotation().runId()).isEqualTo("rrun_2");
        var failedWithoutWhy = WatchEvent.from(new dev.arca.api.WatchEvent("rotation_failed", "sk_1", null, null,
                null, null, null));
        assertThat(failedWithoutWhy.error()).isNotBlank();
        assertThat(failedWithoutWhy.rotation()).isNull();
    }

    @Test
    void bootstrapOptions_fallBackToEnvironment() {
        var none = BootstrapOptions.defaults();
        assertThat(none.hostname(Map.of("HOSTNAME", "fn-1"))).isEqualTo("fn-1");
        assertThat(none.hostname(Map.of())).isEqualTo("serverless");
        assertThat(none.apiUrl(Map.of("ARCA_ADDR", "https://a.example"))).isEqualTo("https://a.example");
        assertThat(none.apiUrl(Map.of())).isEqualTo(ArcaClient.DEFAULT_ADDRESS);
        var set = BootstrapOptions.builder().hostname("h").name("n").apiUrl("https://b.example").build();
        assertThat(set.hostname(Map.of("HOSTNAME", "fn-1"))).isEqualTo("h");
        assertThat(set.name()).isEqualTo("n");
        assertThat(set.apiUrl(Map.of())).isEqualTo("https://b.example");
        assertThat(List.of(WatchStatus.values())).hasSize(7);
    }
}
