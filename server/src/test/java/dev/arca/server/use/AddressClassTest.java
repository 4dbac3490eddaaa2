package dev.arca.server.use;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressClassTest {
    @ParameterizedTest
    @CsvSource({
        "8.8.8.8, PUBLIC",
        "1.1.1.1, PUBLIC",
        "2606:4700:4700::1111, PUBLIC",
        "0.0.0.0, UNSPECIFIED",
        "0.1.2.3, UNSPECIFIED",
        "::, UNSPECIFIED",
        "127.0.0.1, LOOPBACK",
        "127.255.0.9, LOOPBACK",
        "::1, LOOPBACK",
        "::ffff:127.0.0.1, LOOPBACK",
        "10.0.0.1, PRIVATE",
        "172.16.0.1, PRIVATE",
        "172.31.255.255, PRIVATE",
        "172.32.0.1, PUBLIC",
        "192.168.1.1, PRIVATE",
        "fd12:3456::1, PRIVATE",
        "fc00::1, PRIVATE",
        "::ffff:10.1.2.3, PRIVATE",
        "169.254.1.1, LINK_LOCAL",
        "fe80::1, LINK_LOCAL",
        "100.64.0.1, SHARED",
        "100.127.255.255, SHARED",
        "100.128.0.1, PUBLIC",
        "224.0.0.1, MULTICAST",
        "ff02::1, MULTICAST",
        "169.254.169.254, METADATA",
        "::ffff:169.254.169.254, METADATA",
        "fd00:ec2::254, METADATA",
        "100.100.100.200, METADATA",
        "255.255.255.255, RESERVED",
        "240.0.0.1, RESERVED",
        "64:ff9b::7f00:1, LOOPBACK",
        "2002:7f00:1::, LOOPBACK",
        "::7f00:1, LOOPBACK",
    })
    void classifies(String literal, AddressClass expected) throws Exception {
        assertThat(AddressClass.of(InetAddress.getByName(literal))).isEqualTo(expected);
    }
}
