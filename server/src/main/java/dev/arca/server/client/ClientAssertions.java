package dev.arca.server.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * Checks ES256 JWTs signed by a client's registered key: client assertions at the token endpoint (RFC 7523
 * {@code private_key_jwt}) and per-request bearer JWTs. Guarantees, in this order: the header's {@code alg} is
 * ES256 (so {@code none}, HMAC algorithms keyed with the public key and everything else are refused before any
 * key is used); {@code iss} = {@code sub} = a live client with a registered P-256 key; the signature verifies
 * with that key; {@code aud} contains {@value #AUDIENCE}; {@code exp} is present, in the future and at most
 * five minutes (plus {@link #CLOCK_SKEW}) ahead; {@code nbf}, when present, has passed; {@code jti} is present
 * and has not been seen before.
 *
 * <p>Seen {@code jti}s are remembered in memory for ten minutes (longer than any accepted JWT lives), per
 * client and <em>per node</em>: behind a load balancer with several nodes, a JWT replayed to another node within
 * its lifetime of at most five minutes is not recognised as a replay. One instance serves both the token
 * endpoint and per-request JWTs, so a JWT accepted by one is a replay for the other.
 */
final class ClientAssertions {
    static final String AUDIENCE = "arca";
    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    /** Tolerated difference between the client's clock and ours, for {@code exp} and {@code nbf}. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    private static final int MAX_JWT_CHARS = 8192;
    private static final int MAX_JTI_CHARS = 256;

    /** Why a JWT was refused; the message names the rule it broke and never quotes the JWT. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** A JWT that passed every rule: its signer, and its {@code exp} (a principal it proves ends then). */
    record Verified(ClientStore.Row client, Instant expiresAt) {}

    private final ClientStore store;
    private final Clock clock;
    private final Cache<String, Boolean> seenJtis = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(10)).build();

    ClientAssertions(ClientStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The client that signed {@code jwt}, when every rule holds; the jti is then spent. */
    Verified verify(String jwt) throws Refused {
        if (jwt.length() > MAX_JWT_CHARS) {
            throw new Refused("the JWT is longer than " + MAX_JWT_CHARS + " characters");
        }
        SignedJWT signed = parseEs256(jwt);
        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new Refused("the JWT's claims are not a JSON object");
        }
        ClientStore.Row client = signer(claims);
        checkSignature(signed, client);
        checkClaims(claims);
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank() || jti.length() > MAX_JTI_CHARS) {
            throw new Refused("the JWT needs a jti claim (a unique id of at most " + MAX_JTI_CHARS + " characters)");
        }
        if (seenJtis.asMap().putIfAbsent(client.clientId() + "\n" + jti, Boolean.TRUE) != null) {
            throw new Refused("this JWT was already used (its jti was seen before); sign a new one per request");
        }
        return new Verified(client, claims.getExpirationTime().toInstant());
    }

    private static SignedJWT parseEs256(String jwt) throws Refused {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new Refused("a client JWT is a compact JWS: three base64url parts separated by dots");
        }
        try {
            if (!JWSAlgorithm.ES256.equals(Header.parse(new Base64URL(parts[0])).getAlgorithm())) {
                throw new Refused("the JWT's alg must be ES256; other algorithms (none, HS256, RS256, …) are refused");
            }
            return SignedJWT.parse(jwt);
        } catch (ParseException e) {
            throw new Refused("the JWT could not be parsed as a compact JWS");
        }
    }

    private ClientStore.Row signer(JWTClaimsSet claims) throws Refused {
        String issuer = claims.getIssuer();
        if (issuer == null || !issuer.equals(claims.getSubject())) {
            throw new Refused("the JWT's iss and sub must both be the client id");
        }
        ClientStore.Row client = (issuer.length() > 64 ? null : store.byId(issuer).filter(ClientStore.Row::live)
                .orElse(null));
        if (client == null) {
            throw new Refused("the JWT's iss is not a live client (unknown or revoked)");
        }
        if (client.publicKeyPem() == null) {
            throw new Refused("client " + client.clientId() + " has no registered public key; register one to sign "
                    + "JWTs, or use its client secret at /v1/auth/token");
        }
        return client;
    }

    private static void checkSignature(SignedJWT signed, ClientStore.Row client) throws Refused {
        boolean valid;
        try {
            String pem = Objects.requireNonNull(client.publicKeyPem(), "a client found for a JWT has a key");
            valid = signed.verify(new ECDSAVerifier(Es256Keys.parse(pem)));
        } catch (JOSEException e) {
            valid = false;
        }
        if (!valid) {
            throw new Refused("the JWT's signature does not verify with client " + client.clientId()
                    + "'s registered key");
        }
    }

    private void checkClaims(JWTClaimsSet claims) throws Refused {
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(AUDIENCE)) {
            throw new Refused("the JWT's aud must contain '" + AUDIENCE + "'");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new Refused("the JWT needs an exp claim (at most 5 minutes ahead)");
        }
        if (!exp.toInstant().isAfter(now)) {
            throw new Refused("the JWT has expired (exp is in the past)");
        }
        if (exp.toInstant().isAfter(now.plus(MAX_LIFETIME).plus(CLOCK_SKEW))) {
            throw new Refused("the JWT's exp is too far ahead: at most 5 minutes from now");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            throw new Refused("the JWT is not valid yet (nbf is in the future)");
        }
    }
}
