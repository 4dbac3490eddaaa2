package dev.arca.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NotationTest {
    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("arca://app/db", Notation.ofPath("app/db", null)),
                Arguments.of("arca://app/db/main", Notation.ofPath("app/db/main", null)),
                Arguments.of("arca://app/db/field/password", Notation.ofPath("app/db", "password")),
                Arguments.of("arca://app/db/main/field/user", Notation.ofPath("app/db/main", "user")),
                Arguments.of("arca://app/field/x", Notation.ofPath("app/field/x", null)),
                Arguments.of("arca://app/db/field", Notation.ofPath("app/db/field", null)),
                Arguments.of("arca://app/db/field/x/field/y", Notation.ofPath("app/db/field/x", "y")),
                Arguments.of("arca://sk_abc123", Notation.ofId("sk_abc123", null)),
                Arguments.of("arca://sk_abc123/field/user", Notation.ofId("sk_abc123", "user")),
                Arguments.of("arca://app/db/field/a\\/b", Notation.ofPath("app/db", "a/b")),
                Arguments.of("arca://app/db/field/\\[0\\]", Notation.ofPath("app/db", "[0]")),
                Arguments.of("arca://app/db/field/back\\\\slash", Notation.ofPath("app/db", "back\\slash")),
                Arguments.of("arca://app/d\\[b\\]", Notation.ofPath("app/d[b]", null)),
                Arguments.of("arca://sk_abc/field/field", Notation.ofId("sk_abc", "field")),
                Arguments.of("arca://app/field/x/field/y", Notation.ofPath("app/field/x", "y")));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void validReferences_parseToTheirParts_andRenderBack(String text, Notation expected) {
        Notation parsed = Notation.parse(text);
        assertThat(parsed).isEqualTo(expected);
        assertThat(parsed.toString()).isEqualTo(text);
        assertThat(Notation.parse(parsed.toString())).isEqualTo(parsed);
    }

    @Test
    void pathReference_namesItsProject() {
        Notation ref = Notation.parse("arca://app/db/main/field/user");
        assertThat(ref.project()).isEqualTo("app");
        assertThat(ref.path()).isEqualTo("app/db/main");
        assertThat(ref.secretId()).isNull();
        assertThat(ref.field()).isEqualTo("user");
        assertThat(ref.isById()).isFalse();
        assertThat(Notation.parse("arca://sk_1").isById()).isTrue();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("vault://app/db", "unknown scheme 'vault'"),
                Arguments.of("https://app/db", "unknown scheme 'https'"),
                Arguments.of("app/db", "not a reference: it must start with arca://"),
                Arguments.of("", "a reference is needed"),
                Arguments.of("arca://", "missing path"),
                Arguments.of("arca://app", "missing path: after the project 'app'"),
                Arguments.of("arca://app//db", "empty segment 2"),
                Arguments.of("arca:///app/db", "empty segment 1"),
                Arguments.of("arca://app/db/", "empty segment 3"),
                Arguments.of("arca://app/db/field/", "trailing '/field/'"),
                Arguments.of("arca://sk_1/field/", "trailing '/field/'"),
                Arguments.of("arca://app/db\\", "dangling '\\'"),
                Arguments.of("arca://app/db/field/x\\", "dangling '\\'"),
                Arguments.of("arca://app/d\\b", "'\\b' at position 12 is not an escape"),
                Arguments.of("arca://app/d[b]", "'[' at position 12 is reserved"),
                Arguments.of("arca://app/db]", "']' at position 13 is reserved"),
                Arguments.of("arca://app/a\\/b", "contains an escaped '/'"),
                Arguments.of("arca://sk_1/db", "after a secret id only '/field/<name>' may follow"),
                Arguments.of("arca://sk_1/field/a/b", "after a secret id only '/field/<name>' may follow"),
                Arguments.of("arca://app/d\nb", "control character at position 12"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidReferences_areRefusedWithAPreciseMessage(String text, String message) {
        assertThatThrownBy(() -> Notation.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void nullReference_isRefused() {
        assertThatThrownBy(() -> Notation.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a reference is needed");
    }

    @Test
    void pathsThatWouldReadAsAField_cannotBeBuilt_soEveryReferenceRoundTrips() {
        assertThatThrownBy(() -> Notation.ofPath("app/db/field/x", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("by its id");
        assertThatThrownBy(() -> Notation.ofPath("app", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Notation.ofPath("app//x", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Notation.ofPath("sk_x/db", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Notation.ofId("app", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Notation.ofPath("app/db", "")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Found by NotationFuzzTest: these were built, but their text does not parse. */
    @Test
    void controlCharacters_cannotBeBuiltIntoAReference_becauseTheirTextWouldNotParse() {
        assertThatThrownBy(() -> Notation.ofId("sk_\f\0r", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> Notation.ofPath("app/d\nb", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> Notation.ofPath("app/db", "pass\u007fword"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control characters");
    }
}
