package dev.arca.server.use;

import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Undoes an upstream answer's {@code Content-Encoding} so that {@link Redactor} sees the bytes a caller would
 * read: a credential echoed inside a gzip body is otherwise answered compressed, out of the redactor's sight.
 *
 * <p>Guarantees: {@code gzip}, {@code x-gzip}, {@code deflate} (zlib-wrapped or raw, as servers send both) and
 * {@code identity} are decoded, in the reverse of the order they are listed; any other coding is refused with 502
 * and nothing of the answer is returned (Brotli, zstd: no maintained decoder is on the classpath, and an answer that
 * cannot be redacted cannot be answered); each decoded stage is read to at most {@code maxBytes} + 1 bytes, so a
 * decompression bomb is refused with 502 before more than that is held in memory. A coding name is echoed in a
 * message only when it is a registered one: the header's text is the upstream's and could carry the credential.
 */
final class ContentDecoding {
    /** More stacked codings than this is no real server's answer; it only multiplies the work. */
    static final int MAX_CODINGS = 4;
    private static final Set<String> REGISTERED_UNSUPPORTED = Set.of("br", "compress", "x-compress", "zstd", "exi",
            "pack200-gzip", "aes128gcm", "dcb", "dcz");

    private ContentDecoding() {}

    /**
     * The body with every coding of {@code headerValues} (each a {@code Content-Encoding} value, possibly a
     * comma-separated list) undone; {@code origin} names the upstream in messages.
     */
    static byte[] decode(List<String> headerValues, byte[] body, int maxBytes, String origin) {
        List<String> codings = codings(headerValues, origin);
        byte[] decoded = body;
        for (String coding : codings.reversed()) {
            if (decoded.length == 0) {
                return decoded; // an empty answer (HEAD, 204) says its coding but has nothing to decode
            }
            decoded = switch (coding) {
                case "identity" -> decoded;
                case "gzip", "x-gzip" -> inflate(gzip(decoded, origin), maxBytes, origin, coding);
                case "deflate" -> deflate(decoded, maxBytes, origin);
                default -> throw new IllegalStateException("codings() let through " + coding);
            };
        }
        return decoded;
    }

    /** True when the answer's codings change its bytes, so its Content-Encoding and Content-Length no longer apply. */
    static boolean changes(List<String> headerValues) {
        return headerValues.stream().flatMap(value -> List.of(value.split(",")).stream())
                .map(coding -> coding.strip().toLowerCase(Locale.ROOT))
                .anyMatch(coding -> !coding.isEmpty() && !coding.equals("identity"));
    }

    private static List<String> codings(List<String> headerValues, String origin) {
        List<String> codings = new ArrayList<>();
        for (String value : headerValues) {
            for (String part : value.split(",")) {
                String coding = part.strip().toLowerCase(Locale.ROOT);
                if (coding.isEmpty()) {
                    continue;
                }
                if (!Set.of("identity", "gzip", "x-gzip", "deflate").contains(coding)) {
                    String named = REGISTERED_UNSUPPORTED.contains(coding) ? "'" + coding + "'" : "an unknown coding";
                    throw failed("the upstream " + origin + " answered with Content-Encoding " + named + ", which the "
                            + "vault cannot decode and so cannot redact; nothing of the answer is returned (the "
                            + "vault decodes gzip and deflate)");
                }
                codings.add(coding);
            }
        }
        if (codings.size() > MAX_CODINGS) {
            throw failed("the upstream " + origin + " answered with " + codings.size() + " stacked Content-Encodings; "
                    + "at most " + MAX_CODINGS + " are decoded");
        }
        return codings;
    }

    private static InputStream gzip(byte[] body, String origin) {
        try {
            return new GZIPInputStream(new ByteArrayInputStream(body));
        } catch (IOException e) {
            throw corrupt(origin, "gzip");
        }
    }

    private static byte[] deflate(byte[] body, int maxBytes, String origin) {
        Inflater inflater = new Inflater(!zlibWrapped(body));
        try {
            return inflate(new InflaterInputStream(new ByteArrayInputStream(body), inflater), maxBytes, origin,
                    "deflate");
        } finally {
            inflater.end(); // a stream given its own Inflater leaves ending it (and its native memory) to the caller
        }
    }

    /** RFC 1950: a deflate body that starts with a zlib header (CM 8, a header checksum that divides by 31). */
    private static boolean zlibWrapped(byte[] body) {
        if (body.length < 2) {
            return false;
        }
        int cmf = body[0] & 0xff;
        int flg = body[1] & 0xff;
        return (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
    }

    private static byte[] inflate(InputStream decoding, int maxBytes, String origin, String coding) {
        try (decoding) {
            byte[] decoded = decoding.readNBytes(maxBytes + 1);
            if (decoded.length > maxBytes) {
                throw failed("the upstream " + origin + " answered more than " + maxBytes + " bytes once its "
                        + coding + " encoding was decoded");
            }
            return decoded;
        } catch (IOException e) {
            throw corrupt(origin, coding);
        }
    }

    private static ArcaException corrupt(String origin, String coding) {
        return failed("the upstream " + origin + " answered a body that is not valid " + coding);
    }

    private static ArcaException failed(String message) {
        return new ArcaException(ErrorCode.UPSTREAM_FAILED, message);
    }
}
