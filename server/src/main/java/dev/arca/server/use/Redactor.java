package dev.arca.server.use;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.arca.api.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every occurrence of a secret in what an upstream answered with {@code [REDACTED]}: the injected value,
 * the base64 of {@code username:password}, each field's value of at least {@value #MIN_FIELD_LENGTH} characters
 * (shorter ones would blank out ordinary text), each also as JSON and URL encoding would write it, since an upstream
 * that echoes a credential often echoes it inside JSON or a query. Bodies are redacted byte for byte (UTF-8), so a
 * body that is not text is redacted too.
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
            secrets.add(secret.value());
        } else {
            secret.fields().values().stream().filter(v -> v.length() >= MIN_FIELD_LENGTH).forEach(secrets::add);
        }
        Set<String> needles = new LinkedHashSet<>();
        for (String value : secrets) {
            needles.add(value);
            needles.add(new String(JsonStringEncoder.getInstance().quoteAsString(value)));
            needles.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
            needles.add(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return new Redactor(needles);
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
