package dev.arca.server.use;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Replaces every occurrence of a secret in what an upstream answered with {@code [REDACTED]}: the injected value,
 * the base64 of {@code username:password}, each field's value of at least {@value #MIN_FIELD_LENGTH} characters
 * (shorter ones would blank out ordinary text), each also in the forms an echoing upstream commonly writes it:
 * JSON-escaped (as written and with non-ASCII as {@code \\u} escapes), URL-encoded ({@code +} and {@code %20}),
 * base64 and base64url (with and without padding), hex (lower and upper case), and the value in upper and lower
 * case. Bodies are redacted byte for byte (UTF-8), so a body that is not text is redacted too.
 *
 * <p>This is the second line of defence, not the first: an upstream may transform a value in ways no list of forms
 * covers (encrypted, split, base64 at an offset inside a longer text). What keeps a value from a caller who may only
 * use it is the secret's egress rule, which names the upstreams trusted with it.
 */
final class Redactor {
    static final String MARK = "[REDACTED]";
    static final int MIN_FIELD_LENGTH = 4;

    /** Longest first, so a value that contains another is replaced whole. */
    private final List<String> needles;

    private Redactor(Set<String> needles) {
        this.needles = needles.stream().filter(s -> !s.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** Everything of {@code secret} (and of the header made from it) that must not come back. */
    static Redactor of(Secret secret, CredentialHeader header) {
        Set<String> secrets = new LinkedHashSet<>();
        if (header != null) {
            secrets.add(header.credential());
        }
        if (secret.fields() == null) {
            secrets.add(secret.value().reveal());
        } else {
            secret.fields().values().stream().map(SecretText::reveal).filter(v -> v.length() >= MIN_FIELD_LENGTH)
                    .forEach(secrets::add);
        }
        Set<String> needles = new LinkedHashSet<>();
        for (String value : secrets) {
            needles.addAll(forms(value));
        }
        return new Redactor(needles);
    }

    /** {@code value} and the forms an upstream that echoes it is likely to answer it in. */
    static Set<String> forms(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        Set<String> forms = new LinkedHashSet<>();
        forms.add(value);
        forms.add(value.toUpperCase(Locale.ROOT));
        forms.add(value.toLowerCase(Locale.ROOT));
        forms.add(new String(JsonStringEncoder.getInstance().quoteAsString(value)));
        forms.add(asciiJson(value, HexFormat.of()));
        forms.add(asciiJson(value, HexFormat.of().withUpperCase()));
        String urlEncoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
        forms.add(urlEncoded);
        forms.add(urlEncoded.replace("+", "%20"));
        forms.add(Base64.getEncoder().encodeToString(utf8));
        forms.add(Base64.getEncoder().withoutPadding().encodeToString(utf8));
        forms.add(Base64.getUrlEncoder().encodeToString(utf8));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(utf8));
        forms.add(HexFormat.of().formatHex(utf8));
        forms.add(HexFormat.of().withUpperCase().formatHex(utf8));
        return forms;
    }

    /**
     * JSON-escaped with every non-ASCII char as a {@code \\u} escape: four hex digits in {@code hex}'s case, as
     * Python's and Go's encoders write it.
     */
    private static String asciiJson(String value, HexFormat hex) {
        String escaped = new String(JsonStringEncoder.getInstance().quoteAsString(value));
        var out = new StringBuilder(escaped.length());
        for (char c : escaped.toCharArray()) {
            if (c < 0x80) {
                out.append(c);
            } else {
                out.append("\\u").append(hex.toHexDigits(c));
            }
        }
        return out.toString();
    }

    String text(String text) {
        String redacted = text;
        for (String needle : needles) {
            redacted = redacted.replace(needle, MARK);
            // a header decoded as Latin-1 shows a non-ASCII value as its UTF-8 bytes, one char each
            redacted = redacted.replace(latin1(needle), MARK);
        }
        return redacted;
    }

    byte[] bytes(byte[] body) {
        // Latin-1 maps each byte to one char and back, so this is a byte-exact search and replace
        String view = new String(body, StandardCharsets.ISO_8859_1);
        for (String needle : needles) {
            view = view.replace(latin1(needle), MARK);
        }
        return view.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String latin1(String value) {
        return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
