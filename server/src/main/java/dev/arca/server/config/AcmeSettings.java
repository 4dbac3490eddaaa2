package dev.arca.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The ACME settings of the server file: how its ACME server validates challenges and how its ACME client answers
 * them.
 *
 * @param http01Port the port the server's validator fetches {@code http-01} answers from (RFC 8555: 80)
 * @param tlsAlpn01Port the port the validator asks for a {@code tls-alpn-01} certificate (RFC 8737: 443)
 * @param dnsResolver the DNS server ({@code host:port}) the validator asks for {@code dns-01} records and for the
 *     addresses of names it connects to; empty: the system's resolver
 * @param privateRanges the private, loopback and link-local ranges (CIDR) the validator may connect to; empty: none
 *     (a name that resolves only to such addresses fails validation)
 * @param challengeListen where the client answers {@code http-01} challenges ({@code host:port}); empty: no listener
 *     (an order then needs a webroot)
 * @param dnsHook the command a {@code hook} DNS provider runs as {@code present|cleanup <fqdn> <value>}; empty: none
 */
public record AcmeSettings(int http01Port, int tlsAlpn01Port, Optional<String> dnsResolver, List<String> privateRanges,
        Optional<String> challengeListen, Optional<Path> dnsHook) {
    public static final AcmeSettings DEFAULT = new AcmeSettings(80, 443, Optional.empty(), List.of(),
            Optional.empty(), Optional.empty());

    public AcmeSettings {
        privateRanges = List.copyOf(privateRanges);
        for (int port : new int[] {http01Port, tlsAlpn01Port}) {
            if (port < 1 || port > 65535) {
                throw new ConfigException("an ACME validation port must be 1..65535, got " + port);
            }
        }
    }
}
