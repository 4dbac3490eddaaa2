package dev.arca.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretTextTest {
    private record Holder(SecretText token, Map<String, SecretText> fields) {}

    @Test
    void toString_isRedacted() {
        assertThat(SecretText.of("hunter2")).hasToString("SecretText[redacted]");
    }

    @Test
    void reveal_givesTheText() {
        assertThat(SecretText.of("hunter2").reveal()).isEqualTo("hunter2");
    }

    @Test
    void equalTexts_areEqual_withTheSameHashCode() {
        assertThat(SecretText.of("hunter2")).isEqualTo(SecretText.of("hunter2"))
                .hasSameHashCodeAs(SecretText.of("hunter2"));
        assertThat(SecretText.of("héllo")).isEqualTo(SecretText.of("héllo"));
    }

    @Test
    void differentTexts_areNotEqual_andTheHashCodeTellsNothing() {
        assertThat(SecretText.of("hunter2")).isNotEqualTo(SecretText.of("hunter3"))
                .isNotEqualTo(SecretText.of("hunter2 ")).isNotEqualTo(SecretText.of(""))
                .isNotEqualTo("hunter2");
        assertThat(SecretText.of("hunter2").hashCode()).isEqualTo(SecretText.of("anything else").hashCode());
    }

    @Test
    void nullText_isRefused() {
        assertThatThrownBy(() -> SecretText.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void json_isThePlainString() throws Exception {
        var holder = new Holder(SecretText.of("arca_t0ken"), Map.of("password", SecretText.of("pa\"ss")));
        String json = Json.lenient().writeValueAsString(holder);

        assertThat(json).isEqualTo("{\"token\":\"arca_t0ken\",\"fields\":{\"password\":\"pa\\\"ss\"}}");
        assertThat(Json.strict().readValue(json, Holder.class)).isEqualTo(holder);
    }

    @Test
    void json_nullAndAbsent_readAsNull() throws Exception {
        assertThat(Json.strict().readValue("{\"token\":null}", Holder.class).token()).isNull();
        assertThat(Json.strict().readValue("{}", Holder.class).token()).isNull();
    }

    @Test
    void json_notAString_isRefusedAsForAString() {
        for (String json : new String[] {"{\"token\":7}", "{\"token\":true}", "{\"token\":{}}", "{\"token\":[]}"}) {
            assertThatThrownBy(() -> Json.strict().readValue(json, Holder.class)).as(json)
                    .isInstanceOf(MismatchedInputException.class);
        }
    }
}
