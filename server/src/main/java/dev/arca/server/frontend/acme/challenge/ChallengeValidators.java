package dev.arca.server.frontend.acme.challenge;

import dev.arca.server.config.AcmeSettings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The challenge types Arca's ACME server validates, built from the server's ACME settings: {@code http-01} on
 * {@code acme_http01_port}, {@code dns-01} and every name's addresses through {@code acme_dns_resolver}, {@code
 * tls-alpn-01} on {@code acme_tls_alpn01_port}, all connecting only where {@code acme_private_ranges} allows. It
 * holds no connection or thread between validations, so it needs no closing.
 */
public final class ChallengeValidators {
    private final Map<String, ChallengeValidator> byType;

    ChallengeValidators(List<ChallengeValidator> validators) {
        var types = new LinkedHashMap<String, ChallengeValidator>();
        validators.forEach(validator -> types.put(validator.type(), validator));
        this.byType = Collections.unmodifiableMap(types);
    }

    /** The validators of {@code settings} (the server file's ACME settings, {@code ServerConfig.acme()}). */
    public static ChallengeValidators from(AcmeSettings settings) {
        var dns = ChallengeDns.using(settings.dnsResolver());
        var targets = new ChallengeTargets(dns, AddressPolicy.of(settings.privateRanges()));
        return new ChallengeValidators(List.of(new Http01Validator(targets, settings.http01Port()),
                new Dns01Validator(dns), new TlsAlpn01Validator(targets, settings.tlsAlpn01Port())));
    }

    /** The validator of a challenge type ({@code http-01}, {@code dns-01}, {@code tls-alpn-01}); empty for others. */
    public Optional<ChallengeValidator> byType(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** The types offered, in the order an authorization lists its challenges. */
    public List<String> types() {
        return List.copyOf(byType.keySet());
    }
}
