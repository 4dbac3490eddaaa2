package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.SecretText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        assertThat(List.of(WatchStatus.values())).hasSize(4);
    }
}
