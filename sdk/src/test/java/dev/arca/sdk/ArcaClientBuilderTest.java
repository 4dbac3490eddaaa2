package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArcaClientBuilderTest {
    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8420", "http://127.0.0.1:8420", "http://127.1.2.3", "http://[::1]:8420",
            "https://arca.example.com", "https://10.0.0.5:8420/", "HTTP://LOCALHOST:1"})
    void secureOrLoopbackAddress_isAccepted(String address) {
        try (var client = ArcaClient.builder().address(address).build()) {
            assertThat(client.address().toString()).doesNotEndWith("/");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://arca.example.com", "http://10.0.0.5:8420", "http://128.0.0.1",
            "http://localhost.example.com", "http://[::2]", "http://127.0.0.1.nip.io"})
    void plainHttpToRemoteHost_isRefused(String address) {
        assertThatThrownBy(() -> ArcaClient.builder().address(address))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("use https");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://arca.example.com", "arca.example.com:8420", "https://user:pw@arca.example.com",
            "https://arca.example.com/?x=1", "not a uri"})
    void malformedAddress_isRefused(String address) {
        assertThatThrownBy(() -> ArcaClient.builder().address(address)).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void defaults_areLoopbackAndFifteenSeconds() {
        try (var client = ArcaClient.builder().build()) {
            assertThat(client.address()).hasToString("http://127.0.0.1:8420");
            assertThat(client.vault()).isNull();
        }
        assertThat(ArcaClient.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void nonPositiveTimeout_isRefused() {
        assertThatThrownBy(() -> ArcaClient.builder().timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the timeout must be positive");
    }

    @Test
    void tokenWithLineBreak_isRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> ArcaClient.builder().token("arca_abc\r\nX-Evil: 1"))
                .isInstanceOf(ConfigurationException.class)
                .message().doesNotContain("arca_abc");
    }

    @Test
    void toString_neverShowsTheToken() {
        var builder = ArcaClient.builder().token("arca_topsecret").vault("default");
        try (var client = builder.build()) {
            assertThat(client.toString()).doesNotContain("topsecret").contains("default");
            assertThat(builder.toString()).doesNotContain("topsecret");
        }
    }

    @Test
    void secretsWithoutVault_failsBeforeSending() {
        try (var client = ArcaClient.builder().build()) {
            assertThatThrownBy(() -> client.secrets().read("app/db"))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("no vault chosen");
        }
    }

    @Test
    void closedClient_refusesRequests() {
        var client = ArcaClient.builder().build();
        client.close();
        assertThatThrownBy(() -> client.sys().health()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tokenAndIdentityTogether_areRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home) {
        var identity = MachineIdentity.save(home, new MachineIdentity.Stored("mach_1", "m", "vault_1",
                "http://127.0.0.1:1", MachineIdentity.KEY_FILE), Ed25519Keys.generate().getPrivate(), null);
        assertThatThrownBy(() -> ArcaClient.builder().token("arca_x").identity(identity).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("choose one credential");
        try (var client = ArcaClient.builder().identity(identity).vault("other").address("https://arca.example.com").build()) {
            assertThat(client.vault()).isEqualTo("other");
            assertThat(client.address()).hasToString("https://arca.example.com");
            assertThat(client.toString()).contains("credential=<redacted>");
        }
    }
}
