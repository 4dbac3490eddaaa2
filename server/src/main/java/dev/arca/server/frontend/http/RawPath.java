package dev.arca.server.frontend.http;

import dev.arca.server.error.ArcaException;
import java.util.HexFormat;

/**
 * The request path as sent, before anyone decodes it. A path may be spelt one way only: an encoded {@code /} or
 * {@code \} would let {@code app/a%2Fb} and {@code app/a/b} name the same secret (or slip past a glob), and a broken
 * escape ({@code %u002e}, {@code %4}) has no meaning at all, so both are refused before routing.
 */
final class RawPath {
    private RawPath() {}

    static void check(String raw) {
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
            if (i + 2 >= raw.length() || !HexFormat.isHexDigit(raw.charAt(i + 1))
                    || !HexFormat.isHexDigit(raw.charAt(i + 2))) {
                throw ArcaException.invalid("path", "the URL path has a broken percent-escape; encode '%' as %25");
            }
            int decoded = HexFormat.fromHexDigits(raw, i + 1, i + 3);
            if (decoded == '/' || decoded == '\\' || decoded == 0) {
                throw ArcaException.invalid("path", "the URL path encodes '/', '\\' or NUL (%2F, %5C, %00); a path is "
                        + "written with plain '/' separators and never contains '\\' or NUL");
            }
        }
    }
}
