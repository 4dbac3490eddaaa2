package dev.arca.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Secret.Rotate.Builder}: the wire form it builds, and the combinations it refuses before anything is sent. */
class SecretRotateBuilderTest {
    @Test
    void generateFields_withOptionsReasonAndGrace_buildTheWireForm() throws JsonProcessingException {
        Secret.Rotate rotate = Secret.Rotate.builder().generate(new Secret.Generate(20, null, null, null, false, null))
                .generateField("password").generateField("token").reason("scheduled").grace(Duration.ofMinutes(90))
                .build();
        assertThat(rotate.generateFields()).containsExactly("password", "token");
        assertThat(rotate.grace()).isEqualTo("90m");
        assertThat(Json.strict().writeValueAsString(rotate)).isEqualTo("{\"generate\":{\"length\":20,"
                + "\"symbols\":false},\"generate_fields\":[\"password\",\"token\"],\"reason\":\"scheduled\","
                + "\"grace\":\"90m\"}");
    }

    @Test
    void valueOrFields_areSentAsSecretText() {
        assertThat(Secret.Rotate.builder().value("v2").build().value().reveal()).isEqualTo("v2");
        Secret.Rotate fields = Secret.Rotate.builder().field("user", "admin").field("password", "p2").build();
        assertThat(SecretText.revealAll(fields.fields())).containsOnlyKeys("user", "password");
        assertThat(fields.generate()).isNull();
        assertThat(fields.generateFields()).isNull();
        assertThat(Secret.Rotate.builder().generate().build().generate()).isNotNull();
    }

    @Test
    void noneOrSeveralSources_areRefused() {
        assertThatThrownBy(() -> Secret.Rotate.builder().reason("r").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none given");
        assertThatThrownBy(() -> Secret.Rotate.builder().value("v").generate().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("several given");
        assertThatThrownBy(() -> Secret.Rotate.builder().field("user", "a").generateField("password").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("several given");
    }

    @Test
    void badGraceAndFieldNames_areRefused() {
        for (Duration grace : List.of(Duration.ofSeconds(-1), Duration.ofDays(31), Duration.ofMillis(1500))) {
            assertThatThrownBy(() -> Secret.Rotate.builder().grace(grace)).as(grace.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grace");
        }
        assertThat(Secret.Rotate.builder().value("v").grace(Duration.ZERO).build().grace()).isEqualTo("0s");
        assertThat(Secret.Rotate.builder().value("v").grace(Secret.Rotate.MAX_GRACE).build().grace()).isEqualTo("30d");
        assertThatThrownBy(() -> Secret.Rotate.builder().generateField(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Secret.Rotate.builder().generateField("password").generateField("password"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already");
    }
}
