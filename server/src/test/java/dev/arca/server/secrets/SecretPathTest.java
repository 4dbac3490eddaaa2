package dev.arca.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.server.error.ArcaException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretPathTest {
    @ParameterizedTest
    @ValueSource(strings = {"app/db", "app/db/main", "app-1/api_key.v2", "app/user@example.com", "a/b=c+d"})
    void wellFormedPaths_areAccepted(String path) {
        assertThat(new SecretPath(path).value()).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "app", "/app/db", "app/db/", "app//db", "app/../db", "app/./db", "../app/db",
            "app/d\u0000b", "app/d\nb", "app/d\\b", "app/d b", "app/dé", "-app/db", "app/d%2e"})
    void malformedPaths_areRejectedWith400(String path) {
        assertThatThrownBy(() -> new SecretPath(path)).isInstanceOf(ArcaException.class)
                .satisfies(e -> assertThat(((ArcaException) e).code().status()).isEqualTo(400));
    }

    @org.junit.jupiter.api.Test
    void pathsOver512Bytes_areRejected() {
        assertThatThrownBy(() -> new SecretPath("app/" + "x".repeat(509))).isInstanceOf(ArcaException.class)
                .hasMessageContaining("512");
        assertThat(new SecretPath("app/" + "x".repeat(508)).value()).hasSize(512);
    }
}
