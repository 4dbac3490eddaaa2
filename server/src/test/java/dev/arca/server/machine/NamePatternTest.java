package dev.arca.server.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.server.error.ArcaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Machine name patterns: {@code {uuidN}} with N from 4 to 32, {@code {uuid}} = 8, anything else literal. */
class NamePatternTest {
    @Test
    void plainUuid_isEightHexCharacters() {
        assertThat(NamePattern.parse("ci-{uuid}").render()).matches("ci-[0-9a-f]{8}");
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 16, 31, 32})
    void uuidN_withinBounds_rendersNHexCharacters(int n) {
        assertThat(NamePattern.parse("web-{uuid" + n + "}").render()).matches("web-[0-9a-f]{" + n + "}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{uuid3}", "{uuid33}", "{uuid0}", "{uuid100}", "{uuid99999999999}", "x-{uuid2}-y"})
    void uuidN_outOfBounds_is400NamingNamePattern(String pattern) {
        assertThatThrownBy(() -> NamePattern.parse(pattern))
                .isInstanceOfSatisfying(ArcaException.class, e -> {
                    assertThat(e.details()).containsEntry("field", "name_pattern");
                    assertThat(e.getMessage()).contains("from 4 to 32");
                });
    }

    @Test
    void eachPlaceholder_getsItsOwnRandomHex_andLiteralsStay() {
        String name = NamePattern.parse("a{uuid4}.b{uuid4}").render();
        assertThat(name).matches("a[0-9a-f]{4}\\.b[0-9a-f]{4}");
        assertThat(NamePattern.parse("{uuid32}").render()).isNotEqualTo(NamePattern.parse("{uuid32}").render());
    }

    @Test
    void patternWithoutPlaceholders_isLiteral() {
        assertThat(NamePattern.parse("build-runner").render()).isEqualTo("build-runner");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{uuidx}", "web {uuid}", "-{uuid}", "", "{uuid32}{uuid32}{uuid}"})
    void patternsThatMakeInvalidNames_are400NamingNamePattern(String pattern) {
        assertThatThrownBy(() -> NamePattern.parse(pattern))
                .isInstanceOfSatisfying(ArcaException.class,
                        e -> assertThat(e.details()).containsEntry("field", "name_pattern"));
    }

    @Test
    void defaultNames_areMachineAndEightHex() {
        assertThat(NamePattern.DEFAULT.render()).matches("machine-[0-9a-f]{8}");
    }
}
