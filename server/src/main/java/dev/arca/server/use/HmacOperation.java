package dev.arca.server.use;

import dev.arca.api.ErrorCode;
import dev.arca.api.Secret;
import dev.arca.api.Use;
import dev.arca.server.error.ArcaException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * {@code sign} and {@code verify}: an HMAC (JDK {@link Mac}) keyed with the secret's value or one field, as UTF-8.
 * Verification compares in constant time.
 */
final class HmacOperation {
    private HmacOperation() {}

    static Use.Signature sign(Secret secret, Use.Request request) {
        String algorithm = algorithm(request.algorithm());
        byte[] mac = mac(secret, request, algorithm);
        return new Use.Signature(request.algorithm(), Base64.getEncoder().encodeToString(mac));
    }

    static Use.Verification verify(Secret secret, Use.Request request) {
        String algorithm = algorithm(request.algorithm());
        if (request.signature() == null) {
            throw ArcaException.invalid("signature", "signature is required: the base64 MAC to check");
        }
        byte[] claimed;
        try {
            claimed = Base64.getDecoder().decode(request.signature());
        } catch (IllegalArgumentException e) {
            throw ArcaException.invalid("signature", "signature must be base64");
        }
        return new Use.Verification(MessageDigest.isEqual(mac(secret, request, algorithm), claimed));
    }

    private static byte[] mac(Secret secret, Use.Request request, String algorithm) {
        byte[] data = data(request);
        byte[] key = SecretMaterial.valueOf(secret, request.field()).getBytes(StandardCharsets.UTF_8);
        if (key.length == 0) {
            throw new ArcaException(ErrorCode.SECRET_STRUCTURE, "secret " + secret.path() + " is empty: it cannot "
                    + "key an HMAC", Map.of("field", request.field() == null ? "operation" : "field"));
        }
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    private static String algorithm(@Nullable String name) {
        if (name == null) {
            throw ArcaException.invalid("algorithm", "algorithm is required: hmac-sha256, hmac-sha384 or hmac-sha512");
        }
        return switch (name) {
            case "hmac-sha256" -> "HmacSHA256";
            case "hmac-sha384" -> "HmacSHA384";
            case "hmac-sha512" -> "HmacSHA512";
            default -> throw ArcaException.invalid("algorithm", "algorithm must be hmac-sha256, hmac-sha384 or "
                    + "hmac-sha512");
        };
    }

    private static byte[] data(Use.Request request) {
        if (request.data() == null) {
            throw ArcaException.invalid("data", "data is required: the message to sign or verify");
        }
        String encoding = request.encoding() == null ? "utf8" : request.encoding();
        return switch (encoding) {
            case "utf8" -> request.data().getBytes(StandardCharsets.UTF_8);
            case "base64" -> {
                try {
                    yield Base64.getDecoder().decode(request.data());
                } catch (IllegalArgumentException e) {
                    throw ArcaException.invalid("data", "data is not base64 (encoding is base64)");
                }
            }
            default -> throw ArcaException.invalid("encoding", "encoding must be utf8 or base64");
        };
    }
}
