package dev.arca.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A secret string of the wire: a value, token, password, key or code. On the wire it is its plain JSON string, so
 * records that carry one read and write exactly as a {@code String} would; everywhere else it hides.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link #toString()} never shows the text, so a record holding one can be logged or put in a message.</li>
 *   <li>{@link #equals} compares in constant time over the UTF-8 bytes (DESIGN §8.4).</li>
 *   <li>{@link #hashCode()} is the same for every instance: a digest would hand out a fingerprint to guess a
 *       password against. It is consistent with {@code equals}; a secret is not meant to be a hash key.</li>
 *   <li>The text comes out only through {@link #reveal()}, so every place that needs it can be found by name.</li>
 * </ul>
 */
public final class SecretText {
    private final String text;

    private SecretText(String text) {
        this.text = Objects.requireNonNull(text, "text");
    }

    /** The secret {@code text}; JSON strings read into secret components through this. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SecretText of(String text) {
        return new SecretText(text);
    }

    /** The secret text itself: call it only where the plain text is what is needed (a header, a cipher, the wire). */
    @JsonValue
    public String reveal() {
        return text;
    }

    /** {@link #of} for an optional text: null stays null (a TOTP code a user without TOTP does not give). */
    public static @Nullable SecretText ofNullable(@Nullable String text) {
        return text == null ? null : new SecretText(text);
    }

    /** {@code secret.reveal()} for an optional secret: null stays null (the value of a structured secret). */
    public static @Nullable String revealOrNull(@Nullable SecretText secret) {
        return secret == null ? null : secret.text;
    }

    /**
     * Each text of {@code texts} as a secret, keys and order kept (a structured value's fields); a null map or value
     * stays null, so a request's {@code {"f":null}} can still be refused by name.
     */
    public static @Nullable Map<String, SecretText> ofAll(@Nullable Map<String, String> texts) {
        return texts == null ? null : convert(texts, SecretText::of);
    }

    /** Each secret of {@code secrets} {@link #reveal() revealed}, keys and order kept; nulls stay null. */
    public static @Nullable Map<String, String> revealAll(@Nullable Map<String, SecretText> secrets) {
        return secrets == null ? null : convert(secrets, SecretText::reveal);
    }

    private static <A, B> Map<String, B> convert(Map<String, A> map, Function<A, B> each) {
        Map<String, B> converted = new LinkedHashMap<>();
        map.forEach((key, value) -> converted.put(key, value == null ? null : each.apply(value)));
        return Collections.unmodifiableMap(converted);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof SecretText that && MessageDigest.isEqual(bytes(), that.bytes());
    }

    private byte[] bytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return "SecretText[redacted]";
    }
}
