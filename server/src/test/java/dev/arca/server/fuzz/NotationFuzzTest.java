package dev.arca.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.arca.api.Notation;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@link Notation}, both ways. The input is read as a reference to {@link Notation#parse parse}, and split at its
 * first newline into (path or id, field) to build one with {@link Notation#ofPath} and {@link Notation#ofId}. Each
 * either fails with the documented {@link IllegalArgumentException} or gives a reference whose text parses back to
 * an equal reference; a parsed reference's text is the very text parsed (the canonical form).
 */
class NotationFuzzTest {
    @FuzzTest
    @DictionaryEntries({"arca://", "sk_", "/field/", "field", "\\/", "\\[", "\\]", "\\\\", "[", "://"})
    void anyText_parsesAndFormatsBackAndForth(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Notation parsed = built(() -> Notation.parse(text));
        if (parsed != null) {
            assertThat(parsed.toString()).isEqualTo(text);
        }
        int newline = text.indexOf('\n');
        String name = newline < 0 ? text : text.substring(0, newline);
        String field = newline < 0 ? null : text.substring(newline + 1);
        built(() -> Notation.ofPath(name, field));
        built(() -> Notation.ofId(name, field));
    }

    /** The reference {@code make} builds, checked to survive formatting and parsing; null if it was refused. */
    private static Notation built(Supplier<Notation> make) {
        Notation notation;
        try {
            notation = make.get();
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return null;
        }
        assertThat(Notation.parse(notation.toString())).isEqualTo(notation);
        return notation;
    }
}
