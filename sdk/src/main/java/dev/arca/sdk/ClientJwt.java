package dev.arca.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * ES256 JWTs signed by an OAuth client's own P-256 key, whose public half is registered with Arca (SyVault's model:
 * nothing shared travels or is stored). Each JWT is made for one use: {@code iss} = {@code sub} = the client id,
 * {@code aud} {@code arca}, a random {@code jti}, {@code exp} one minute ahead — the server refuses a JWT it has seen,
 * and one that lives longer than five minutes. As a {@link HttpTransport.Credential} it sends a fresh one as the
 * bearer of every attempt; {@link #assertion()} is the same JWT for the token endpoint ({@code private_key_jwt}).
 */
final class ClientJwt implements HttpTransport.Credential {
    /** Short: a JWT is spent on one request, and the server caps the lifetime at five minutes anyway. */
    static final Duration LIFETIME = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = Json.strict();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = BASE64URL.encodeToString(
            "{\"alg\":\"ES256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));

    private final String clientId;
    private final PrivateKey key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ClientJwt(String clientId, PrivateKey key, Clock clock) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.key = Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!(key instanceof ECPrivateKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new ConfigurationException("a client JWT is signed with ES256: the key must be an EC P-256 key "
                    + "(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)");
        }
    }

    @Override
    public void apply(BiConsumer<String, String> header, String method, String pathWithQuery,
            byte @Nullable [] body) {
        header.accept("Authorization", "Bearer " + assertion());
    }

    /** A new signed JWT, good for one request. */
    String assertion() {
        long now = clock.instant().getEpochSecond();
        byte[] jti = new byte[16];
        random.nextBytes(jti);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", clientId);
        claims.put("sub", clientId);
        claims.put("aud", List.of("arca"));
        claims.put("iat", now);
        claims.put("exp", now + LIFETIME.toSeconds());
        claims.put("jti", BASE64URL.encodeToString(jti));
        String signingInput = HEADER + "." + BASE64URL.encodeToString(json(claims));
        return signingInput + "." + BASE64URL.encodeToString(sign(signingInput));
    }

    /** JWS wants ECDSA's r and s side by side (RFC 7518 §3.4), which the JDK writes in its P1363 format. */
    private byte[] sign(String signingInput) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
            ecdsa.initSign(key);
            ecdsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return ecdsa.sign();
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("cannot sign a client JWT with this key: " + e.getClass().getSimpleName());
        }
    }

    private static byte[] json(Map<String, Object> claims) {
        try {
            return JSON.writeValueAsBytes(claims);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("claims of strings and numbers always serialise", e);
        }
    }

    @Override
    public String toString() {
        return "ClientJwt[clientId=" + clientId + ", key=<redacted>]";
    }
}
