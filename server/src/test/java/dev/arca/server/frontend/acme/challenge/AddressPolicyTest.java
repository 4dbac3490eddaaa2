package dev.arca.server.frontend.acme.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {
    private static final AddressPolicy PUBLIC_ONLY = AddressPolicy.of(List.of());

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "192.0.2.1", "2001:db8::1", "100.128.0.1", "172.32.0.1"})
    void publicAddress_isPermitted(String address) {
        assertThat(PUBLIC_ONLY.permits(InetAddress.ofLiteral(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1",
        "169.254.169.254", "224.0.0.1", "255.255.255.255", "::", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1"})
    void nonPublicAddress_isRefusedByDefault(String address) {
        assertThat(PUBLIC_ONLY.permits(InetAddress.ofLiteral(address))).isFalse();
    }

    @Test
    void configuredRange_permitsItsAddressesOnly() {
        var policy = AddressPolicy.of(List.of("10.0.0.0/8"));

        assertThat(policy.permits(InetAddress.ofLiteral("10.9.9.9"))).isTrue();
        assertThat(policy.permits(InetAddress.ofLiteral("192.168.1.1"))).isFalse();
    }

    @Test
    void onlyRefusedAddresses_isConnection_namingTheAddressAndTheSetting() {
        assertThatThrownBy(() -> PUBLIC_ONLY.permitted("intranet.example", List.of(InetAddress.ofLiteral("10.0.0.5"))))
                .isInstanceOfSatisfying(ChallengeFailedException.class, e -> {
                    assertThat(e.problemType()).isEqualTo("connection");
                    assertThat(e.getMessage()).contains("intranet.example", "10.0.0.5", "acme_private_ranges");
                });
    }

    @Test
    void mixedAddresses_keepOnlyThePermittedOnes() throws Exception {
        assertThat(PUBLIC_ONLY.permitted("mixed.example", List.of(InetAddress.ofLiteral("10.0.0.5"),
                InetAddress.ofLiteral("192.0.2.7")))).containsExactly(InetAddress.ofLiteral("192.0.2.7"));
    }
}
