package dev.arca.server.client;

import com.nimbusds.jose.jwk.Curve;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Client public keys: PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo) of EC P-256 keys only. */
final class Es256Keys {
    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";
    private static final int MAX_PEM_CHARS = 4096;

    private Es256Keys() {}

    /** The key in a PEM text; {@link IllegalArgumentException} saying what is wrong (never quoting the input). */
    static ECPublicKey parse(String pem) {
        String text = pem.strip();
        if (text.length() > MAX_PEM_CHARS || !text.startsWith(BEGIN) || !text.endsWith(END)) {
            throw new IllegalArgumentException("public_key_pem must be one PEM block '" + BEGIN + "' … '" + END
                    + "' holding an EC P-256 public key");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(BEGIN.length(), text.length() - END.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("public_key_pem is not valid base64 between its PEM lines");
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("public_key_pem must hold an EC P-256 public key (ES256); this is not "
                    + "an EC public key");
        }
        if (!(key instanceof ECPublicKey ec) || !Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
            throw new IllegalArgumentException("public_key_pem must be an EC key on the P-256 curve (ES256)");
        }
        return ec;
    }

    /** The canonical PEM of a key, as stored. */
    static String pem(ECPublicKey key) {
        return BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded()) + "\n"
                + END + "\n";
    }
}
