package dev.arca.server.frontend.sikkerkey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Speaks to the SikkerKey door as the SikkerKey clients do (from their public sources, written here independently
 * of the server's code): {@code METHOD:PATH:TIMESTAMP:NONCE:hex(sha256(body))} signed with Ed25519, a std-base64
 * 16-byte nonce, seconds timestamps, and the body bytes sent exactly as given.
 */
final class SikkerKeyTestClient {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    final String baseUrl;
    final KeyPair keys;
    String machineId;

    SikkerKeyTestClient(String baseUrl) {
        this.baseUrl = baseUrl;
        try {
            this.keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String publicKeyBase64() {
        byte[] spki = keys.getPublic().getEncoded();
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }

    static String freshNonce() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** Headers of {@code METHOD path body} signed at {@code unixSeconds} with {@code nonce}. */
    Map<String, String> sign(String method, String path, byte[] body, long unixSeconds, String nonce) {
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            String signed = method + ":" + path + ":" + unixSeconds + ":" + nonce + ":" + hash;
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(keys.getPrivate());
            signer.update(signed.getBytes(StandardCharsets.UTF_8));
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Machine-Id", machineId);
            headers.put("X-Timestamp", Long.toString(unixSeconds));
            headers.put("X-Nonce", nonce);
            headers.put("X-Signature", Base64.getEncoder().encodeToString(signer.sign()));
            return headers;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request signed now over exactly what is sent. */
    Answer signed(String method, String path, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return send(method, path, body, sign(method, path, bytes, Instant.now().getEpochSecond(), freshNonce()));
    }

    Answer send(String method, String target, String body, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + target)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Enrolls with {@code token} in {@code vault} ({@code POST /v1/{vaultId}/enroll/register}); keeps the id. */
    Answer enroll(String vault, String token, String hostname) {
        Answer answer = send("POST", "/v1/" + vault + "/enroll/register", "{\"token\": \"" + token
                + "\", \"publicKey\": \"" + publicKeyBase64() + "\", \"hostname\": \"" + hostname + "\"}", Map.of());
        if (answer.status() == 200) {
            machineId = answer.json().path("machineId").asText();
        }
        return answer;
    }
}
