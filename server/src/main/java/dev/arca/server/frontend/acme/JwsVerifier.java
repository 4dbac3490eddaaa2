package dev.arca.server.frontend.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.arca.api.Json;
import dev.arca.server.frontend.acme.AccountStore.Account;
import java.io.IOException;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks the flattened JWS of an ACME POST (RFC 8555 §6.2, RFC 7515 §7.2.2) with Nimbus JOSE+JWT, in the order
 * that lets a client learn what to fix: the body's shape, the algorithm (ES256, ES384, RS256 or EdDSA with
 * Ed25519; {@code none}, HMAC and anything else are {@code badSignatureAlgorithm}), the nonce (spent here, whatever
 * follows), the {@code url} against the request's, exactly one of {@code jwk} and {@code kid}, the account a
 * {@code kid} names (unknown: {@code accountDoesNotExist}; deactivated: {@code unauthorized}), and the signature.
 */
final class JwsVerifier {
    static final List<String> ALGORITHMS = List.of("ES256", "ES384", "RS256", "EdDSA");
    private static final Set<String> FIELDS = Set.of("protected", "payload", "signature");
    private static final ObjectMapper JSON = Json.strict();
    private static final int MIN_RSA_BITS = 2048;

    /** What a verified request says: its signer (an account for {@code kid}, a key for {@code jwk}) and payload. */
    record Signed(JWK key, @Nullable Account account, byte[] payload, JWSHeader header) {
        boolean postAsGet() {
            return payload.length == 0;
        }

        Account requireAccount() {
            if (account == null) {
                throw AcmeProblem.malformed("this request is signed by an account: give kid (the account URL), not "
                        + "jwk");
            }
            return account;
        }

        JsonNode json() {
            if (payload.length == 0) {
                throw AcmeProblem.malformed("this request needs a JSON payload");
            }
            try {
                JsonNode node = JSON.readTree(payload);
                if (node == null || !node.isObject()) {
                    throw AcmeProblem.malformed("the payload must be a JSON object");
                }
                return node;
            } catch (IOException e) {
                throw AcmeProblem.malformed("the payload is not valid JSON");
            }
        }
    }

    /** Whether a request must be signed by an existing account ({@code kid}) or by a key of its own ({@code jwk}). */
    enum Signer { ACCOUNT, KEY, EITHER }

    private final Nonces nonces;
    private final AccountStore accounts;

    JwsVerifier(Nonces nonces, AccountStore accounts) {
        this.nonces = nonces;
        this.accounts = accounts;
    }

    Signed verify(byte[] body, Optional<String> contentType, String url, AcmeUrls urls, String vaultId,
            Signer signer) {
        if (contentType.isPresent() && !contentType.get().toLowerCase(java.util.Locale.ROOT)
                .startsWith("application/jose+json")) {
            throw AcmeProblem.of("malformed", 415, "ACME requests are application/jose+json (RFC 8555 §6.2)");
        }
        JsonNode jws = flattened(body);
        JsonNode header = protectedHeader(jws.get("protected").asText());
        String alg = header.path("alg").asText("");
        if (!ALGORITHMS.contains(alg)) {
            throw AcmeProblem.badSignatureAlgorithm("alg '" + alg + "' is not accepted; sign with one of "
                    + ALGORITHMS, ALGORITHMS);
        }
        String nonce = header.path("nonce").asText("");
        if (nonce.isEmpty() || !nonces.spend(nonce)) {
            throw AcmeProblem.badNonce(nonce.isEmpty() ? "the protected header has no nonce"
                    : "the nonce is unknown, expired or already used; take the Replay-Nonce of this answer");
        }
        if (!url.equals(header.path("url").asText(null))) {
            throw AcmeProblem.unauthorized("the protected header's url must be this request's URL " + url);
        }
        boolean hasJwk = header.has("jwk");
        boolean hasKid = header.has("kid");
        if (hasJwk == hasKid) {
            throw AcmeProblem.malformed("the protected header must have exactly one of jwk and kid");
        }
        if (hasJwk && signer == Signer.ACCOUNT) {
            throw AcmeProblem.malformed("this request is signed by an account: give kid (the account URL), not jwk");
        }
        if (hasKid && signer == Signer.KEY) {
            throw AcmeProblem.malformed("this request is signed with the new key itself: give jwk, not kid");
        }
        JWSObject object = parse(jws);
        Account account = hasKid ? account(header.path("kid").asText(""), urls, vaultId) : null;
        JWK key = account != null ? account.key() : publicKey(object.getHeader().getJWK());
        verifySignature(object, key);
        return new Signed(key, account, object.getPayload().toBytes(), object.getHeader());
    }

    /** Verifies an inner JWS (key-change) signed by the key in its own {@code jwk}, for {@code url}; no nonce. */
    Signed verifyInner(JsonNode inner, String url) {
        if (!inner.isObject() || !inner.path("protected").isTextual() || !inner.path("payload").isTextual()
                || !inner.path("signature").isTextual()) {
            throw AcmeProblem.malformed("the key-change payload must be a flattened JWS signed by the new key");
        }
        JsonNode header = protectedHeader(inner.get("protected").asText());
        String alg = header.path("alg").asText("");
        if (!ALGORITHMS.contains(alg)) {
            throw AcmeProblem.badSignatureAlgorithm("the inner JWS's alg '" + alg + "' is not accepted", ALGORITHMS);
        }
        if (!url.equals(header.path("url").asText(null)) || header.has("nonce") || !header.has("jwk")
                || header.has("kid")) {
            throw AcmeProblem.malformed("the inner JWS has the key-change URL as url, the new key as jwk, no kid "
                    + "and no nonce");
        }
        JWSObject object = parse(inner);
        JWK key = publicKey(object.getHeader().getJWK());
        verifySignature(object, key);
        return new Signed(key, null, object.getPayload().toBytes(), object.getHeader());
    }

    private static JsonNode flattened(byte[] body) {
        JsonNode jws;
        try {
            jws = body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            throw AcmeProblem.malformed("the body is not JSON: send a flattened JWS (RFC 7515 §7.2.2)");
        }
        if (jws == null || !jws.isObject()) {
            throw AcmeProblem.malformed("the body must be a flattened JWS: {protected, payload, signature}");
        }
        for (var names = jws.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw AcmeProblem.malformed("the JWS has field '" + name + "'; only protected, payload and "
                        + "signature are accepted (no unprotected header)");
            }
        }
        for (String field : FIELDS) {
            if (!jws.path(field).isTextual()) {
                throw AcmeProblem.malformed("the JWS needs " + field + " as a base64url string");
            }
        }
        return jws;
    }

    private static JsonNode protectedHeader(String encoded) {
        try {
            JsonNode header = JSON.readTree(new Base64URL(encoded).decode());
            if (header == null || !header.isObject()) {
                throw AcmeProblem.malformed("the protected header must be a JSON object");
            }
            return header;
        } catch (IOException | RuntimeException e) {
            if (e instanceof AcmeProblem problem) {
                throw problem;
            }
            throw AcmeProblem.malformed("the protected header is not base64url JSON");
        }
    }

    private static JWSObject parse(JsonNode jws) {
        try {
            return new JWSObject(new Base64URL(jws.get("protected").asText()),
                    new Base64URL(jws.get("payload").asText()), new Base64URL(jws.get("signature").asText()));
        } catch (ParseException e) {
            throw AcmeProblem.malformed("the protected header cannot be read: " + e.getMessage());
        }
    }

    private Account account(String kid, AcmeUrls urls, String vaultId) {
        String id = urls.accountId(kid);
        if (id == null) {
            throw AcmeProblem.accountDoesNotExist("kid must be an account URL of this directory (" + urls.account("…")
                    + ")");
        }
        Account account = accounts.find(vaultId, id).orElseThrow(() -> AcmeProblem.accountDoesNotExist(
                "no account " + id + " in this directory"));
        if (!account.valid()) {
            throw AcmeProblem.unauthorized("account " + id + " is " + account.status());
        }
        return account;
    }

    private static JWK publicKey(@Nullable JWK jwk) {
        if (jwk == null) {
            throw AcmeProblem.malformed("the jwk cannot be read");
        }
        if (jwk.isPrivate()) {
            throw AcmeProblem.malformed("the jwk holds a private key; send the public key only");
        }
        if (jwk instanceof RSAKey rsa && rsa.size() < MIN_RSA_BITS) {
            throw AcmeProblem.of("badPublicKey", 400, "RSA account keys have at least " + MIN_RSA_BITS + " bits");
        }
        return jwk;
    }

    private static void verifySignature(JWSObject object, JWK key) {
        try {
            if (!object.verify(verifier(object.getHeader().getAlgorithm(), key))) {
                throw AcmeProblem.malformed("the JWS signature does not verify with the "
                        + (object.getHeader().getJWK() != null ? "jwk" : "account's key"));
            }
        } catch (JOSEException e) {
            throw AcmeProblem.badSignatureAlgorithm("alg " + object.getHeader().getAlgorithm() + " does not fit the "
                    + key.getKeyType() + " key", ALGORITHMS);
        }
    }

    private static JWSVerifier verifier(JWSAlgorithm alg, JWK key) throws JOSEException {
        if (key instanceof ECKey ec && (alg.equals(JWSAlgorithm.ES256) || alg.equals(JWSAlgorithm.ES384))) {
            return new ECDSAVerifier(ec);
        }
        if (key instanceof RSAKey rsa && alg.equals(JWSAlgorithm.RS256)) {
            return new RSASSAVerifier(rsa);
        }
        if (key instanceof OctetKeyPair okp && alg.equals(JWSAlgorithm.EdDSA)) {
            return new Ed25519Verifier(okp);
        }
        throw new JOSEException("the key does not take this algorithm");
    }
}
