package dev.arca.server.frontend.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No answer is compressed, whatever the client accepts: an answer holds secrets beside text the caller chose, and
 * the sizes of compressed answers would give the secret away (BREACH).
 */
class NoCompressionIT {
    @TempDir
    Path dir;

    @Test
    void aLargeAnswerToAClientAcceptingGzip_comesUncompressed() {
        try (var server = TestServer.start(dir)) {
            var answer = server.call("GET", "/v1/openapi.json", null, null,
                    Map.of("Accept-Encoding", "gzip, deflate, br, zstd"));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().length()).as("large enough to be compressed by default").isGreaterThan(10_000);
            assertThat(answer.header("Content-Encoding")).isNull();
            assertThat(answer.body()).startsWith("{");
        }
    }
}
