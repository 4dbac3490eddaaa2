package dev.arca.server.frontend.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.arca.api.Json;
import dev.arca.server.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A raw ACME client for tests: flattened JWS built by hand with Nimbus, so a test can send exactly the bad input it
 * means (a spent nonce, another URL, both jwk and kid, alg none…).
 */
final class AcmeTestClient {
    static final ObjectMapper JSON = Json.lenient();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final JsonNode directory;
    ECKey key;
    String kid;

    AcmeTestClient(String directoryUrl) {
        this.directory = send("GET", directoryUrl, null).json();
        this.key = newKey();
    }

    static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    String url(String name) {
        return directory.path(name).asText();
    }

    String nonce() {
        return send("HEAD", url("newNonce"), null).header("Replay-Nonce");
    }

    /** Opens an account with this client's key; remembers its URL as kid. */
    TestServer.Response register(Map<String, Object> payload) {
        TestServer.Response created = postJwk(url("newAccount"), payload);
        if (created.status() == 201 || created.status() == 200) {
            kid = created.header("Location");
        }
        return created;
    }

    TestServer.Response register() {
        return register(Map.of("termsOfServiceAgreed", true, "contact", java.util.List.of("mailto:ops@example.com")));
    }

    TestServer.Response postJwk(String url, Object payload) {
        return send("POST", url, signed(key, header(nonce(), url).jwk(key.toPublicJWK()), payload));
    }

    /** Signed by the account (kid); {@code payload} null: POST-as-GET. */
    TestServer.Response post(String url, Object payload) {
        return send("POST", url, signed(key, header(nonce(), url).keyID(kid), payload));
    }

    static JWSHeader.Builder header(String nonce, String url) {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).customParam("nonce", nonce).customParam("url", url);
    }

    static String signed(ECKey key, JWSHeader.Builder header, Object payload) {
        try {
            var jws = new JWSObject(header.build(), new Payload(payload == null ? "" : JSON.writeValueAsString(payload)));
            jws.sign(new ECDSASigner(key));
            return flattened(jws.getHeader().toBase64URL().toString(), jws.getPayload().toBase64URL().toString(),
                    jws.getSignature().toString());
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HS256 JWS (the EAB binding, or a forbidden outer signature). */
    static Map<String, Object> hmacSigned(byte[] secret, JWSHeader header, String payload) {
        try {
            var jws = new JWSObject(header, new Payload(payload));
            jws.sign(new MACSigner(secret));
            var flattened = new LinkedHashMap<String, Object>();
            flattened.put("protected", jws.getHeader().toBase64URL().toString());
            flattened.put("payload", jws.getPayload().toBase64URL().toString());
            flattened.put("signature", jws.getSignature().toString());
            return flattened;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWS with a protected header written by hand (for algorithms Nimbus will not sign with). */
    static String raw(Map<String, Object> header, String payload, String signature) {
        try {
            return flattened(Base64URL.encode(JSON.writeValueAsBytes(header)).toString(),
                    Base64URL.encode(payload.getBytes(StandardCharsets.UTF_8)).toString(), signature);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String flattened(String protectedHeader, String payload, String signature) {
        try {
            return JSON.writeValueAsString(Map.of("protected", protectedHeader, "payload", payload,
                    "signature", signature));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static TestServer.Response send(String method, String url, String body) {
        var request = HttpRequest.newBuilder(URI.create(url)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/jose+json");
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new TestServer.Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
