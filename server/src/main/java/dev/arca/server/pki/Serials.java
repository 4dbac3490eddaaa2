package dev.arca.server.pki;

import dev.arca.server.error.ArcaException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Certificate serial numbers: 159 random bits (positive, at most 20 octets, RFC 5280 §4.1.2.2; unpredictable, as
 * the CA/Browser Forum asks), written as OpenSSL prints them, lower-case colon hex ({@code 3a:1f:…}).
 */
public final class Serials {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{1,40}");

    private Serials() {}

    public static BigInteger random() {
        BigInteger serial;
        do {
            serial = new BigInteger(159, RANDOM);
        } while (serial.signum() == 0);
        return serial;
    }

    /** {@code 3a:1f:…}: the unsigned magnitude, two hex digits an octet. */
    public static String colonHex(BigInteger serial) {
        byte[] bytes = serial.toByteArray();
        int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        var out = new StringBuilder();
        for (int i = start; i < bytes.length; i++) {
            if (i > start) {
                out.append(':');
            }
            out.append(HexFormat.of().toHexDigits(bytes[i]));
        }
        return out.toString();
    }

    /**
     * A serial number as a caller writes it: colon, dash or plain hex, any case.
     *
     * @throws ArcaException 400 naming {@code field} when it is not hex of at most 20 octets
     */
    public static BigInteger parse(String text, String field) {
        String hex = text.trim().toLowerCase(Locale.ROOT).replace(":", "").replace("-", "");
        if (!HEX.matcher(hex).matches()) {
            throw ArcaException.invalid(field, "a serial number is hex of at most 20 octets, e.g. 3a:1f:09");
        }
        return new BigInteger(hex, 16);
    }

    /** The stored form of a serial a caller wrote. */
    public static String normalize(String text, String field) {
        return colonHex(parse(text, field));
    }
}
