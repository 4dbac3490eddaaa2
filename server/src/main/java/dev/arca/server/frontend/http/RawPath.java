package dev.arca.server.frontend.http;

import dev.arca.server.error.ArcaException;
import java.util.HexFormat;

/**
 * The request path as sent, before anyone decodes it. A path may be spelt one way only: an encoded {@code /} or
 * {@code \} would let {@code app/a%2Fb} and {@code app/a/b} name the same secret (or slip past a glob), and a broken
 * escape ({@code %u002e}, {@code %4}) has no meaning at all, so both are refused before routing.
 */
final class RawPath {
    /**
     * The OCSP GET route's tail (RFC 6960 A.1): a URL-encoded base64 request, where {@code %2F} is a base64 digit
     * and never a path separator; it names no resource, so it may encode '/' (clients such as the JDK's do).
     */
    private static final java.util.regex.Pattern OCSP_REQUEST = java.util.regex.Pattern.compile(
            "^/v1/vaults/[^/%]+/pki/ocsp/");

    private RawPath() {}

    /** Whether offset {@code i} lies in an OCSP GET request's tail; asked only of an encoded '/', off the common path. */
    private static boolean inOcspRequest(String raw, int i) {
        var ocsp = OCSP_REQUEST.matcher(raw);
        return ocsp.find() && i >= ocsp.end();
    }

    static void check(String raw) {
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
            if (i + 2 >= raw.length() || !HexFormat.isHexDigit(raw.charAt(i + 1))
                    || !HexFormat.isHexDigit(raw.charAt(i + 2))) {
                throw ArcaException.invalid("path", "the URL path has a broken percent-escape; encode '%' as %25");
            }
            int decoded = HexFormat.fromHexDigits(raw, i + 1, i + 3);
            if (decoded == '/' && inOcspRequest(raw, i)) {
                continue;
            }
            if (decoded == '/' || decoded == '\\' || decoded == 0) {
                throw ArcaException.invalid("path", "the URL path encodes '/', '\\' or NUL (%2F, %5C, %00); a path is "
                        + "written with plain '/' separators and never contains '\\' or NUL");
            }
        }
    }
}
