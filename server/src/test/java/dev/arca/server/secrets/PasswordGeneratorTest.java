package dev.arca.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.Secret;
import dev.arca.server.error.ArcaException;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordGeneratorTest {
    private final PasswordGenerator generator = new PasswordGenerator(new SecureRandom());

    private static Secret.Generate spec(Integer length, Boolean lower, Boolean upper, Boolean digits, Boolean symbols,
            String exclude) {
        return new Secret.Generate(length, lower, upper, digits, symbols, exclude);
    }

    @Test
    void defaults_are32CharactersWithEveryClass() {
        for (int i = 0; i < 200; i++) {
            String value = generator.generate(null);
            assertThat(value).hasSize(32);
            assertThat(value).containsPattern("[a-z]").containsPattern("[A-Z]").containsPattern("[0-9]")
                    .containsPattern("[^A-Za-z0-9]");
            assertThat(value.chars()).allMatch(c -> c > 0x20 && c < 0x7f);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 9, 64, 1024})
    void length_isHonoured(int length) {
        assertThat(generator.generate(spec(length, null, null, null, null, null))).hasSize(length);
    }

    @Test
    void shortestLength_stillHasOneOfEachClass() {
        for (int i = 0; i < 500; i++) {
            assertThat(generator.generate(spec(8, true, true, true, true, null))).containsPattern("[a-z]")
                    .containsPattern("[A-Z]").containsPattern("[0-9]").containsPattern("[^A-Za-z0-9]");
        }
    }

    @Test
    void onlyChosenClasses_appear() {
        for (int i = 0; i < 200; i++) {
            assertThat(generator.generate(spec(40, false, false, true, false, null))).matches("[0-9]{40}");
            assertThat(generator.generate(spec(40, true, true, false, false, null))).matches("[A-Za-z]{40}")
                    .containsPattern("[a-z]").containsPattern("[A-Z]");
        }
    }

    @Test
    void excludedCharacters_neverAppear() {
        String exclude = "0O1lI|`'\"\\";
        for (int i = 0; i < 300; i++) {
            String value = generator.generate(spec(64, null, null, null, null, exclude));
            assertThat(value.chars()).noneMatch(c -> exclude.indexOf(c) >= 0);
        }
    }

    @Test
    void excludingAllButOneCharacterOfAClass_stillContainsIt() {
        String digitsButSeven = "012345689";
        for (int i = 0; i < 100; i++) {
            assertThat(generator.generate(spec(8, true, false, true, false, digitsButSeven))).contains("7")
                    .matches("[a-z7]{8}");
        }
    }

    @Test
    void drawsCoverTheWholeAlphabet() {
        var seen = new HashSet<Integer>();
        for (int i = 0; i < 200; i++) {
            generator.generate(spec(64, null, null, null, null, null)).chars().forEach(seen::add);
        }
        assertThat(seen).hasSize(26 + 26 + 10 + 32);
    }

    @Test
    void badParameters_are400NamingThePart() {
        Map<Secret.Generate, String> bad = Map.of(
                spec(7, null, null, null, null, null), "generate.length",
                spec(1025, null, null, null, null, null), "generate.length",
                spec(0, null, null, null, null, null), "generate.length",
                spec(null, false, false, false, false, null), "generate",
                spec(null, null, null, true, null, "0123456789"), "generate.exclude");
        bad.forEach((spec, field) -> assertThatThrownBy(() -> generator.generate(spec))
                .isInstanceOfSatisfying(ArcaException.class, e -> {
                    assertThat(e.code().status()).isEqualTo(400);
                    assertThat(e.details()).containsEntry("field", field);
                }));
    }
}
