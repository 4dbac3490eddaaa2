package dev.arca.server.http;

import dev.arca.server.error.ArcaException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The query string as sent, before anyone decodes it. Each parameter may be given once: with
 * {@code ?version=1&version=2} one reader would take the first and a proxy or a log the last, so which one was
 * meant is not guessed. Names and values must be UTF-8 once their escapes are decoded ({@code %FF} and
 * {@code %ED%A0%80} would otherwise become U+FFFD, a value other than the one sent).
 */
final class RawQuery {
    private RawQuery() {}

    static void check(String raw) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), "query", "the query string");
            if (eq >= 0) {
                decode(pair.substring(eq + 1), name, "query parameter '" + name + "'");
            }
            if (!seen.add(name)) {
                throw ArcaException.invalid(name, "query parameter '" + name + "' is given more than once; give it "
                        + "once");
            }
        }
    }

    /**
     * One name or value of a query string or form body, decoded strictly: a broken escape or bytes that are not
     * UTF-8 are refused naming {@code field} and described as part of {@code what}.
     */
    static String decode(String text, String field, String what) {
        var bytes = new ByteArrayOutputStream(text.length());
        boolean loneSurrogate = false;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            int c = text.codePointAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || !HexFormat.isHexDigit(text.charAt(i + 1))
                        || !HexFormat.isHexDigit(text.charAt(i + 2))) {
                    throw ArcaException.invalid(field, what + " has a broken percent-escape; encode '%' as %25");
                }
                bytes.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
                i += 2;
            } else {
                loneSurrogate |= Character.isSurrogate((char) c);
                bytes.writeBytes(Character.toString(c == '+' ? ' ' : c).getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] decoded = bytes.toByteArray();
        if (loneSurrogate || !WellFormedText.isUtf8(decoded)) {
            throw ArcaException.invalid(field, what + " is not UTF-8 once its percent-escapes are decoded (%FF, an "
                    + "overlong form, or a lone surrogate such as %ED%A0%80); encode text as UTF-8");
        }
        return new String(decoded, StandardCharsets.UTF_8);
    }
}
