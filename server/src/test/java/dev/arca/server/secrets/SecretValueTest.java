package dev.arca.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.server.error.ArcaException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretValueTest {
    @ParameterizedTest
    @ValueSource(strings = {"string", "password", "api_key", "certificate", "ssh_key"})
    void singleValueTypes_carryAValueAndNoFields(String type) {
        SecretValue value = SecretValue.of(type, "s3cr3t", null);
        assertThat(value.type()).isEqualTo(type);
        assertThat(value.text()).isEqualTo("s3cr3t");
        assertThat(value.fields()).isNull();
        assertThat(value.fieldNames()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "api_key", "certificate", "ssh_key", "string"})
    void singleValueTypes_refuseFields(String type) {
        assertThatThrownBy(() -> SecretValue.of(type, null, Map.of("a", "b")))
                .isInstanceOfSatisfying(ArcaException.class,
                        e -> assertThat(e.details()).containsEntry("field", "fields"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "connection"})
    void structuredTypes_carrySortedFields(String type) {
        SecretValue value = SecretValue.of(type, null, Map.of("user", "admin", "host", "db", "password", "pw"));
        assertThat(value.type()).isEqualTo(type);
        assertThat(value.fieldNames()).containsExactly("host", "password", "user");
        assertThat(value.text()).isEqualTo("{\"host\":\"db\",\"password\":\"pw\",\"user\":\"admin\"}");
    }

    @Test
    void structuredType_givenAValue_parsesItAsAnObject() {
        SecretValue value = SecretValue.of("connection", "{\"url\":\"postgres://x\"}", null);
        assertThat(value.fields()).containsEntry("url", "postgres://x");
    }

    @Test
    void structuredType_givenANonObjectValue_is400WithoutEchoingIt() {
        assertThatThrownBy(() -> SecretValue.of("connection", "[\"hunter2\"]", null))
                .isInstanceOf(ArcaException.class).hasMessageNotContaining("hunter2");
    }

    @Test
    void unknownType_is400NamingType() {
        assertThatThrownBy(() -> SecretValue.of("blob", "x", null)).isInstanceOfSatisfying(ArcaException.class,
                e -> assertThat(e.details()).containsEntry("field", "type"));
    }

    @Test
    void transitKeyType_isNeverWritten_andPointsToTheTransitRoutes() {
        assertThatThrownBy(() -> SecretValue.of("transit_key", "{}", null)).isInstanceOfSatisfying(
                ArcaException.class, e -> {
                    assertThat(e.details()).containsEntry("field", "type");
                    assertThat(e.getMessage()).contains("/transit/");
                });
    }

    @Test
    void typeDefaults_followTheShape() {
        assertThat(SecretValue.of(null, "x", null).type()).isEqualTo("string");
        assertThat(SecretValue.of(null, null, Map.of("a", "b")).type()).isEqualTo("json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9lives", "---", "é", "1", "_2x"})
    void fieldNamesThatMakeNoEnvironmentName_are400NamingFields(String name) {
        assertThatThrownBy(() -> SecretValue.of("json", null, Map.of(name, "v")))
                .isInstanceOfSatisfying(ArcaException.class, e -> {
                    assertThat(e.code().status()).isEqualTo(400);
                    assertThat(e.details()).containsEntry("field", "fields");
                });
    }

    @Test
    void decryptedConnection_hasFields_decryptedPassword_doesNot() {
        byte[] json = "{\"a\":\"1\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(SecretValue.decrypted("connection", json).fieldNames()).isEqualTo(List.of("a"));
        assertThat(SecretValue.decrypted("password", json).fields()).isNull();
        assertThat(SecretValue.decrypted("password", json).text()).isEqualTo("{\"a\":\"1\"}");
    }

    @Test
    void toString_neverShowsTheValue() {
        assertThat(SecretValue.of("password", "hunter2", null).toString()).doesNotContain("hunter2");
    }
}
