package dev.arca.server.pipeline;

import dev.arca.server.error.ArcaException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Percent-decoding of a query string or form body, strictly: what a door and a form-reading handler share. */
public final class UrlEncoded {
    private UrlEncoded() {}

    /**
     * One name or value of a query string or form body, decoded strictly: a broken escape or bytes that are not
     * UTF-8 are refused naming {@code field} and described as part of {@code what}.
     */
    public static String decode(String text, String field, String what) {
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
