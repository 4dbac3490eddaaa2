package dev.arca.server.secrets;

import dev.arca.server.error.ArcaException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opaque listing cursor: {@code base64url(last path) "." base64url(HMAC-SHA256(key, vault id \0 last path))}.
 * Only this server hands out cursors it accepts: a changed path, a cursor of another vault or of another server
 * fails the tag check (compared in constant time) and is refused with 400 naming {@code cursor}. The key is made
 * at random when the server starts, so cursors do not survive a restart (the caller lists again from the start).
 */
final class ListingCursor {
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    ListingCursor(byte[] key) {
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /** A cursor signer with a fresh random 32-byte key. */
    static ListingCursor withRandomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new ListingCursor(key);
    }

    String encode(String vaultId, String lastPath) {
        byte[] path = lastPath.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(path) + "." + ENCODER.encodeToString(tag(vaultId, path));
    }

    /** The last path of the previous page, or 400 naming {@code cursor} when this server did not make it. */
    String decode(String vaultId, String cursor) {
        int dot = cursor.indexOf('.');
        if (dot > 0 && dot == cursor.lastIndexOf('.')) {
            try {
                byte[] path = DECODER.decode(cursor.substring(0, dot));
                byte[] tag = DECODER.decode(cursor.substring(dot + 1));
                if (MessageDigest.isEqual(tag, tag(vaultId, path))) {
                    return new String(path, StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException notBase64) {
                // answered below, like any other cursor this server did not make
            }
        }
        throw ArcaException.invalid("cursor", "the cursor is not one this server handed out for this vault (cursors "
                + "do not survive a restart); list again without it");
    }

    private byte[] tag(String vaultId, byte[] path) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(vaultId.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(path);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
