package dev.arca.server.use;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link UpstreamClient} against a loopback upstream, sealed before a call goes out. */
class UpstreamClientSealIT {
    @Test
    void aCallMadeOnceSealed_isRefused503_andTheCredentialNeverLeaves() throws Exception {
        var sealed = new AtomicBoolean(false);
        try (var upstream = new Upstream();
                var client = UpstreamClient.start(InetAddress::getAllByName, 1024, sealed::get)) {
            var out = new UpstreamClient.Outgoing("GET", URI.create(upstream.url("/echo")),
                    List.of(Map.entry("Authorization", "Bearer tok-never-sent")), null, Duration.ofSeconds(5),
                    new EgressAddressResolver.Allowance(InetAddress.getByName("127.0.0.1")));
            assertThat(client.send(out).status()).as("unsealed, the call goes out").isEqualTo(200);
            sealed.set(true);
            assertThatThrownBy(() -> client.send(out)).isInstanceOf(ArcaException.class)
                    .satisfies(e -> assertThat(((ArcaException) e).code()).isEqualTo(ErrorCode.SEALED))
                    .hasMessageContaining("credential did not leave");
            assertThat(upstream.seen).hasSize(1);
        }
    }
}
