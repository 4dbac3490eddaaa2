package dev.arca.server.frontend.acme.challenge;

import java.net.InetAddress;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a validator may connect for a host: an IP literal as it is, a name through {@link ChallengeDns}; either way
 * only addresses the {@link AddressPolicy} allows. The addresses answered are the ones connected to, so a name
 * cannot pass the check with one address and be fetched from another.
 */
final class ChallengeTargets {
    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final ChallengeDns dns;
    private final AddressPolicy policy;

    ChallengeTargets(ChallengeDns dns, AddressPolicy policy) {
        this.dns = dns;
        this.policy = policy;
    }

    /**
     * The allowed addresses of {@code host} (a DNS name, a dotted quad, or an IPv6 literal with or without brackets).
     *
     * @throws ChallengeFailedException {@code dns} when a name does not resolve, {@code connection} when no address
     *     is allowed
     */
    List<InetAddress> addresses(String host) throws ChallengeFailedException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.contains(":") || DOTTED_QUAD.matcher(bare).matches()) {
            try {
                return policy.permitted(host, List.of(InetAddress.ofLiteral(bare)));
            } catch (IllegalArgumentException e) {
                throw new ChallengeFailedException("malformed", "'" + host + "' is not an IP address");
            }
        }
        return policy.permitted(host, dns.addresses(bare));
    }
}
