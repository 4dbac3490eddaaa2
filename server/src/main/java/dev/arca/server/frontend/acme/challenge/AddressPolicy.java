package dev.arca.server.frontend.acme.challenge;

import dev.arca.server.net.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Which addresses a validator may connect to: every public one, and a non-public one only inside a range the
 * operator named in {@code acme_private_ranges}. Without this, anyone able to order a certificate could make the
 * server fetch from its own loopback or internal network (server-side request forgery).
 *
 * <p>Non-public here: unspecified, loopback, RFC 1918, CGNAT (100.64.0.0/10), link-local, IPv6 unique local
 * (fc00::/7), multicast and the IPv4 broadcast address. An IPv4-mapped IPv6 address counts as its IPv4 address.
 */
final class AddressPolicy {
    static final String SETTING = "acme_private_ranges";

    private static final List<Cidr> NON_PUBLIC = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10",
            "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/4",
            "255.255.255.255/32", "::/128", "::1/128", "fe80::/10", "fc00::/7", "ff00::/8")
            .stream().map(Cidr::parse).toList();

    private final List<Cidr> allowedPrivate;

    AddressPolicy(List<Cidr> allowedPrivate) {
        this.allowedPrivate = List.copyOf(allowedPrivate);
    }

    /** The policy of the {@code acme_private_ranges} setting (already checked to be CIDR ranges). */
    static AddressPolicy of(List<String> privateRanges) {
        return new AddressPolicy(privateRanges.stream().map(Cidr::parse).toList());
    }

    boolean permits(InetAddress address) {
        String literal = address.getHostAddress();
        return NON_PUBLIC.stream().noneMatch(range -> range.contains(literal))
                || allowedPrivate.stream().anyMatch(range -> range.contains(literal));
    }

    /**
     * The addresses of {@code host} a validator may connect to, in the order given.
     *
     * @throws ChallengeFailedException {@code connection} when none is allowed, naming the first refused address
     */
    List<InetAddress> permitted(String host, List<InetAddress> addresses) throws ChallengeFailedException {
        var permitted = new ArrayList<InetAddress>();
        for (InetAddress address : addresses) {
            if (permits(address)) {
                permitted.add(address);
            }
        }
        if (permitted.isEmpty()) {
            throw new ChallengeFailedException("connection", host + " resolves only to non-public addresses (first: "
                    + addresses.getFirst().getHostAddress() + "), which are not validated unless " + SETTING
                    + " names their range");
        }
        return permitted;
    }
}
