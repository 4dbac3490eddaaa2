package dev.arca.server.use;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class EgressAddressResolverTest {
    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: never a lookup
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void aNameResolvingToLoopback_isRefusedNamingTheClass() throws Exception {
        var resolver = new EgressAddressResolver(host -> new InetAddress[] {ip("127.0.0.1")});
        assertThatThrownBy(() -> resolver.check("localhost", 80, EgressAddressResolver.Allowance.PUBLIC_ONLY))
                .isInstanceOf(EgressAddressResolver.RefusedAddressException.class)
                .hasMessageContaining("resolves to a loopback address");
    }

    @Test
    void oneForbiddenAddressAmongPublicOnes_refusesTheWholeName() throws Exception {
        var resolver = new EgressAddressResolver(host -> new InetAddress[] {ip("8.8.8.8"), ip("169.254.169.254")});
        assertThatThrownBy(() -> resolver.check("rebind.example", 443, EgressAddressResolver.Allowance.PUBLIC_ONLY))
                .hasMessageContaining("a cloud metadata address");
    }

    @Test
    void theLiteralARuleNames_isAllowed_andNoOtherPrivateAddress() throws Exception {
        var allowance = new EgressAddressResolver.Allowance(ip("127.0.0.1"));
        var resolver = new EgressAddressResolver(host -> new InetAddress[] {ip(host)});
        assertThat(resolver.check("127.0.0.1", 8080, allowance))
                .containsExactly(new InetSocketAddress(ip("127.0.0.1"), 8080));
        assertThatThrownBy(() -> resolver.check("127.0.0.2", 8080, allowance))
                .hasMessageContaining("a loopback address");
        assertThat(resolver.check("8.8.8.8", 53, allowance)).hasSize(1);
    }
}
