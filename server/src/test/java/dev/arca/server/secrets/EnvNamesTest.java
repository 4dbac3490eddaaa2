package dev.arca.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvNamesTest {
    @ParameterizedTest
    @CsvSource({
            "db/main, DB_MAIN",
            "api-key, API_KEY",
            "password, PASSWORD",
            "Host.Name, HOST_NAME",
            "a--b__c, A_B_C",
            "-lead/trail-, LEAD_TRAIL",
            "_private, PRIVATE",
            "v2, V2",
            "clé, CL",
            "x y, X_Y",
            "9lives, 9LIVES"})
    void flattening_isUpperSnake(String name, String expected) {
        assertThat(EnvNames.of(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "db_url", "Port", "a-1"})
    void namesStartingWithALetter_areUsable(String name) {
        assertThat(EnvNames.usable(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "---", "é", "9lives", "-1x", "   "})
    void namesFlatteningToEmptyOrADigit_areNotUsable(String name) {
        assertThat(EnvNames.usable(name)).isFalse();
    }
}
