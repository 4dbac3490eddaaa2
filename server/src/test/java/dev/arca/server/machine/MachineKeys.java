package dev.arca.server.machine;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A machine's key pair made with the JDK, and request signing exactly as DESIGN §6 describes it, written
 * independently of the server's code so the tests check the server against the protocol.
 */
record MachineKeys(KeyPair pair) {
    private static final SecureRandom RANDOM = new SecureRandom();

    static MachineKeys generate() {
        try {
            return new MachineKeys(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The raw 32-byte public key: the tail of the X.509 SubjectPublicKeyInfo. */
    byte[] rawPublicKey() {
        byte[] spki = pair.getPublic().getEncoded();
        return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }

    String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(rawPublicKey());
    }

    static String freshNonce(int bytes) {
        byte[] nonce = new byte[bytes];
        RANDOM.nextBytes(nonce);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    /** Headers of a request signed now ({@code unixSeconds}) with a fresh 16-byte nonce. */
    Map<String, String> sign(String machineId, String method, String pathWithQuery, byte[] body, long unixSeconds) {
        return sign(machineId, method, pathWithQuery, body, unixSeconds, freshNonce(16));
    }

    Map<String, String> sign(String machineId, String method, String pathWithQuery, byte[] body, long unixSeconds,
            String nonce) {
        return signString(machineId, unixSeconds, nonce,
                String.join("\n", method, pathWithQuery, Long.toString(unixSeconds), nonce, bodyHash(body)));
    }

    /** Headers as the SikkerKey clients sign: {@code METHOD:PATH:TIMESTAMP:NONCE:BODYHASH}, the path without query. */
    Map<String, String> signSikkerKey(String machineId, String method, String path, byte[] body, long unixSeconds,
            String nonce) {
        return signString(machineId, unixSeconds, nonce,
                String.join(":", method, path, Long.toString(unixSeconds), nonce, bodyHash(body)));
    }

    private static String bodyHash(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> signString(String machineId, long unixSeconds, String nonce, String canonical) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(pair.getPrivate());
            signer.update(canonical.getBytes(StandardCharsets.UTF_8));
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
}
