package dev.arca.sdk;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads one HTTP/1.1 answer (RFC 9112) from a connection that carries nothing else: the status line, the headers,
 * and a body framed by {@code Transfer-Encoding: chunked}, by {@code Content-Length}, or by the end of the
 * connection. Everything is bounded (line length, header count, body size), so a broken or hostile peer cannot make
 * the client buffer without limit. A framing error is a {@link ProtocolException} that never quotes what was
 * received (an answer may carry a secret).
 */
final class Http11AnswerReader {
    static final int MAX_LINE_BYTES = 16 * 1024;
    static final int MAX_HEADERS = 200;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] ([1-9][0-9]{2})(?: .*)?");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]{1,15}");

    private final InputStream in;
    private final int maxBodyBytes;

    private Http11AnswerReader(InputStream in, int maxBodyBytes) {
        this.in = new BufferedInputStream(in);
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Reads the answer to a request sent with {@code method}; informational (1xx) answers before it are skipped.
     *
     * @throws ProtocolException when the answer is not well-formed HTTP/1.1 or its body is over {@code maxBodyBytes}
     */
    static Exchange.Answer read(InputStream in, String method, int maxBodyBytes) throws IOException {
        return new Http11AnswerReader(in, maxBodyBytes).answer(method);
    }

    private Exchange.Answer answer(String method) throws IOException {
        while (true) {
            String statusLine = line();
            if (statusLine == null) {
                throw new ProtocolException("the connection closed before an answer arrived");
            }
            var status = STATUS_LINE.matcher(statusLine);
            if (!status.matches()) {
                throw new ProtocolException("the answer does not start with an HTTP/1.1 status line");
            }
            int code = Integer.parseInt(status.group(1));
            Map<String, List<String>> headers = headers();
            if (code >= 100 && code < 200) {
                continue; // 100 Continue and friends precede the real answer
            }
            boolean bodiless = method.equals("HEAD") || code == 204 || code == 304;
            return new Exchange.Answer(code, headers, bodiless ? new byte[0] : body(headers));
        }
    }

    private Map<String, List<String>> headers() throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int count = 0;
        for (String line = line(); ; line = line()) {
            if (line == null) {
                throw new ProtocolException("the connection closed in the middle of the headers");
            }
            if (line.isEmpty()) {
                return headers;
            }
            if (++count > MAX_HEADERS) {
                throw new ProtocolException("the answer has more than " + MAX_HEADERS + " headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
                throw new ProtocolException("the answer has a malformed header line");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(line.substring(colon + 1).strip());
        }
    }

    private byte[] body(Map<String, List<String>> headers) throws IOException {
        List<String> codings = headers.get("transfer-encoding");
        if (codings != null) {
            String last = String.join(",", codings);
            last = last.substring(last.lastIndexOf(',') + 1).strip().toLowerCase(Locale.ROOT);
            if (!last.equals("chunked")) {
                throw new ProtocolException("the answer uses a transfer coding other than chunked");
            }
            return chunked();
        }
        List<String> lengths = headers.get("content-length");
        if (lengths != null) {
            return exactly(contentLength(lengths));
        }
        return untilEnd();
    }

    private long contentLength(List<String> values) throws ProtocolException {
        long length = -1;
        for (String value : String.join(",", values).split(",")) {
            String digits = value.strip();
            if (!DIGITS.matcher(digits).matches() || (length >= 0 && length != Long.parseLong(digits))) {
                throw new ProtocolException("the answer has an invalid Content-Length");
            }
            length = Long.parseLong(digits);
        }
        return length;
    }

    private byte[] exactly(long length) throws IOException {
        if (length > maxBodyBytes) {
            throw tooLarge();
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new ProtocolException("the connection closed after " + body.length + " of " + length
                    + " body bytes");
        }
        return body;
    }

    private byte[] chunked() throws IOException {
        var body = new ByteArrayOutputStream();
        while (true) {
            String line = line();
            if (line == null) {
                throw new ProtocolException("the connection closed in the middle of a chunked body");
            }
            int extension = line.indexOf(';');
            String size = (extension < 0 ? line : line.substring(0, extension)).strip();
            if (!HEX.matcher(size).matches()) {
                throw new ProtocolException("the answer has a malformed chunk size");
            }
            long length = Long.parseLong(size, 16);
            if (length == 0) {
                headers(); // the trailer section, up to the final empty line; nothing in it is used
                return body.toByteArray();
            }
            if (body.size() + length > maxBodyBytes) {
                throw tooLarge();
            }
            byte[] chunk = in.readNBytes((int) length);
            if (chunk.length < length) {
                throw new ProtocolException("the connection closed in the middle of a chunk");
            }
            body.write(chunk);
            if (!"".equals(line())) {
                throw new ProtocolException("a chunk is longer than its declared size");
            }
        }
    }

    private byte[] untilEnd() throws IOException {
        byte[] body = in.readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            throw tooLarge();
        }
        return body;
    }

    private ProtocolException tooLarge() {
        return new ProtocolException("the answer is larger than " + maxBodyBytes + " bytes");
    }

    /** A line without its CRLF (a bare LF is accepted, RFC 9112 §2.2); null at the end of the stream. */
    private @Nullable String line() throws IOException {
        var line = new ByteArrayOutputStream();
        for (int b = in.read(); ; b = in.read()) {
            if (b == -1) {
                return line.size() == 0 ? null : lineText(line);
            }
            if (b == '\n') {
                return lineText(line);
            }
            if (line.size() >= MAX_LINE_BYTES) {
                throw new ProtocolException("the answer has a line longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
    }

    private static String lineText(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
