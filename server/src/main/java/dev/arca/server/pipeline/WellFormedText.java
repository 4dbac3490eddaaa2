package dev.arca.server.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.arca.server.error.ArcaException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Text a request carries must be Unicode: bytes that are not strict UTF-8 (invalid, overlong, an encoded surrogate,
 * past U+10FFFF) and a JSON escape of a surrogate (D800–DFFF) without its pair would otherwise be stored as {@code ?} or
 * U+FFFD, a value other than the one sent. Jackson's own decoding lets several of these through, so the raw bytes
 * are checked here before it binds them.
 */
final class WellFormedText {
    private static final JsonFactory FACTORY = new JsonFactory();

    private WellFormedText() {}

    /** Whether {@code bytes} are strict UTF-8. */
    static boolean isUtf8(byte[] bytes) {
        return malformedAt(bytes) < 0;
    }

    /**
     * Refuses a JSON body that is not strict UTF-8 or has a lone surrogate escape, naming the field it is in (the
     * bytes themselves are never quoted: they may be part of a secret).
     */
    static void checkJsonBody(byte[] body) {
        int malformed = malformedAt(body);
        if (malformed >= 0) {
            String field = fieldBefore(body, malformed);
            throw ArcaException.invalid(field, "field '" + field + "' is not UTF-8 (an invalid, overlong or "
                    + "surrogate byte sequence at byte " + malformed + "); send the body as UTF-8");
        }
        if (mayEscapeASurrogate(body)) {
            refuseLoneSurrogates(body);
        }
    }

    /** The offset of the first byte that is not strict UTF-8, or -1 when all are. */
    private static int malformedAt(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(Math.min(bytes.length, 8192) + 2);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                result = decoder.flush(out);
                return result.isError() ? in.position() : -1;
            }
            out.clear();
        }
    }

    /** A cheap first look: in strict UTF-8 JSON only an escape of D800–DFFF can spell a surrogate. */
    private static boolean mayEscapeASurrogate(byte[] body) {
        for (int i = 0; i + 3 < body.length; i++) {
            if (body[i] == '\\' && body[i + 1] == 'u' && (body[i + 2] == 'd' || body[i + 2] == 'D')
                    && HexFormat.isHexDigit(body[i + 3]) && HexFormat.fromHexDigit(body[i + 3]) >= 8) {
                return true;
            }
        }
        return false;
    }

    private static void refuseLoneSurrogates(byte[] body) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                boolean text = token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING;
                if (text && hasLoneSurrogate(parser.getText())) {
                    throw loneSurrogate(token == JsonToken.FIELD_NAME
                            ? parser.getParsingContext().getParent() : parser.getParsingContext());
                }
            }
        } catch (JsonParseException e) {
            // Jackson refuses a lone surrogate in a field name itself, saying so only in its message
            if (e.getOriginalMessage() != null && e.getOriginalMessage().contains("surrogate")
                    && e.getProcessor() instanceof JsonParser parser) {
                throw loneSurrogate(parser.getParsingContext().getParent());
            }
            // any other error: binding the body reports where the JSON is broken
        } catch (IOException notJson) {
            // binding the body reports where the JSON is broken
        }
    }

    private static ArcaException loneSurrogate(JsonStreamContext where) {
        String field = path(where);
        return ArcaException.invalid(field, "field '" + field + "' holds a lone surrogate (a \\ud800-\\udfff "
                + "escape without its pair), which is not Unicode text");
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The field the byte at {@code offset} belongs to: the JSON before it is read, and where that stops inside a
     * string is it (a value: that field; a name: the object holding it). A bad byte outside any string is the
     * body's.
     */
    private static String fieldBefore(byte[] body, int offset) {
        JsonParser parser;
        try {
            parser = FACTORY.createParser(body, 0, offset);
        } catch (IOException e) {
            return "body";
        }
        try (parser) {
            while (parser.nextToken() != null) {
                // read on to where the prefix stops
            }
            return "body";
        } catch (JsonEOFException cut) {
            if (cut.getTokenBeingDecoded() == JsonToken.VALUE_STRING) {
                return path(parser.getParsingContext());
            }
            if (cut.getTokenBeingDecoded() == JsonToken.FIELD_NAME) {
                return path(parser.getParsingContext().getParent());
            }
            return "body";
        } catch (IOException notJsonBeforeIt) {
            return "body";
        }
    }

    /** {@code custom.k}, {@code tags.[1]} (as binding errors name them); {@code body} at the top. */
    private static String path(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.addFirst("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.addFirst(c.getCurrentName());
            }
        }
        return parts.isEmpty() ? "body" : String.join(".", parts);
    }
}
