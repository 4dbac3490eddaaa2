package dev.arca.server.frontend.acme.challenge;

import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code dns-01} (RFC 8555 §8.4): a TXT record at {@code _acme-challenge.<domain>} (for a wildcard, its base domain)
 * must hold base64url(SHA-256(key authorization)); other TXT records beside it do not matter. CNAMEs are followed.
 * IP identifiers cannot use it (RFC 8738 §7).
 */
final class Dns01Validator implements ChallengeValidator {
    private static final String LABEL = "_acme-challenge.";

    private final ChallengeDns dns;

    Dns01Validator(ChallengeDns dns) {
        this.dns = dns;
    }

    @Override
    public String type() {
        return "dns-01";
    }

    @Override
    public void validate(AcmeIdentifier identifier, String token, String keyAuthorization)
            throws ChallengeFailedException {
        if (!AcmeIdentifier.DNS.equals(identifier.type())) {
            throw new ChallengeFailedException("unsupportedIdentifier", "dns-01 cannot validate the IP address "
                    + identifier.value() + " (RFC 8738 §7)");
        }
        String domain = identifier.value().startsWith("*.") ? identifier.value().substring(2) : identifier.value();
        String name = LABEL + domain;
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(
                KeyAuthorizationDigest.of(keyAuthorization));
        List<String> found = dns.txt(name);
        if (!found.contains(expected)) {
            throw new ChallengeFailedException("incorrectResponse", "the TXT records at " + name + " are (first 5) "
                    + found.stream().limit(5).map(value -> "\"" + value + "\"").collect(Collectors.joining(", "))
                    + "; none is \"" + expected + "\"");
        }
    }
}
