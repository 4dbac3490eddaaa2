package dev.arca.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {
    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.255.1.2, true",
        "10.0.0.0/8, 11.0.0.1, false",
        "10.1.2.3, 10.1.2.3, true",
        "10.1.2.3, 10.1.2.4, false",
        "0.0.0.0/0, 192.168.1.1, true",
        "2001:db8::/32, 2001:db8:1::5, true",
        "2001:db8::/32, 2001:db9::1, false",
        "::1/128, 0:0:0:0:0:0:0:1, true",
        "127.0.0.0/8, ::ffff:127.0.0.1, true",
        "10.0.0.0/8, [::1], false",
        "10.0.0.0/8, not-an-ip, false",
        "10.0.0.0/8, localhost, false",
        "127.0.0.0/8, 2130706433, false",
        "127.0.0.0/8, 0177.0.0.1, false",
    })
    void contains_matchesLiteralAddressesOnly(String range, String ip, boolean expected) {
        assertThat(Cidr.parse(range).contains(ip)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0/8", "example.com/8", "10.0.0.0/x"})
    void malformedRanges_areRejectedWithAMessage(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.isEmpty() ? "CIDR" : text);
    }

    @Test
    void hostBitsAreCleared_soEqualRangesAreEqual() {
        assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
        assertThat(Cidr.parse("10.1.2.3/8").toString()).isEqualTo("10.0.0.0/8");
    }
}
