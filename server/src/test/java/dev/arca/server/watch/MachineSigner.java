package dev.arca.server.watch;

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
import java.util.Map;

/** A machine key and DESIGN §6 request signing, written from the protocol, for watching as a machine. */
record MachineSigner(KeyPair pair) {
    private static final SecureRandom RANDOM = new SecureRandom();

    static MachineSigner generate() throws GeneralSecurityException {
        return new MachineSigner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    }

    String publicKeyBase64() {
        byte[] spki = pair.getPublic().getEncoded();
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }

    /** Headers of a body-less request signed now. */
    Map<String, String> sign(String machineId, String method, String pathWithQuery) throws GeneralSecurityException {
        byte[] nonceBytes = new byte[16];
        RANDOM.nextBytes(nonceBytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes);
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String bodyHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(String.join("\n", method, pathWithQuery, timestamp, nonce, bodyHash)
                .getBytes(StandardCharsets.UTF_8));
        return Map.of("X-Machine-Id", machineId, "X-Timestamp", timestamp, "X-Nonce", nonce,
                "X-Signature", Base64.getEncoder().encodeToString(signer.sign()));
    }
}
