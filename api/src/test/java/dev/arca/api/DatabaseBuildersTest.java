package dev.arca.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The builders of {@link DatabaseSecrets}' writes: they set only what is given (the rest stays the server's default,
 * and a connection's password is kept), write durations as {@link Durations} text, never show a password, and what
 * they build reads back strictly as itself.
 */
class DatabaseBuildersTest {
    private static final ObjectMapper STRICT = Json.strict();

    private static <T> String wire(T request, Class<T> type) throws IOException {
        String json = STRICT.writeValueAsString(request);
        assertThat(STRICT.readValue(json, type)).as("%s read back", type.getSimpleName()).isEqualTo(request);
        return json;
    }

    @Test
    void connectionWrite_setsOnlyWhatIsGiven_andItsTextHidesThePassword() throws IOException {
        assertThat(wire(DatabaseSecrets.ConnectionWrite.builder("postgresql", "postgresql://127.0.0.1:5432/test",
                "postgres").build(), DatabaseSecrets.ConnectionWrite.class))
                .isEqualTo("{\"plugin\":\"postgresql\",\"connection_url\":\"postgresql://127.0.0.1:5432/test\","
                        + "\"username\":\"postgres\"}");
        var full = DatabaseSecrets.ConnectionWrite.builder("mysql", "mysql://db:3306", "root")
                .password(SecretText.of("s3cr3t-root")).allowedRoles(List.of("ro", "rw")).maxOpenConnections(4)
                .tls(new DatabaseSecrets.Tls(true, null, false)).verifyConnection(false).build();
        assertThat(wire(full, DatabaseSecrets.ConnectionWrite.class)).isEqualTo("{\"plugin\":\"mysql\","
                + "\"connection_url\":\"mysql://db:3306\",\"username\":\"root\",\"password\":\"s3cr3t-root\","
                + "\"allowed_roles\":[\"ro\",\"rw\"],\"max_open_connections\":4,\"tls\":{\"enabled\":true,"
                + "\"skip_verify\":false},\"verify_connection\":false}");
        assertThat(full.toString()).doesNotContain("s3cr3t-root");
        assertThatThrownBy(() -> DatabaseSecrets.ConnectionWrite.builder("redis", null, "default"))
                .isInstanceOf(NullPointerException.class).hasMessage("connectionUrl");
    }

    @Test
    void roleWrite_emptyBuilder_isTheConnectionOnly_andDurationsAreText() throws IOException {
        assertThat(wire(DatabaseSecrets.RoleWrite.builder("pg").build(), DatabaseSecrets.RoleWrite.class))
                .isEqualTo("{\"connection\":\"pg\"}");
        var role = DatabaseSecrets.RoleWrite.builder("pg")
                .creationStatements(List.of("CREATE ROLE \"{{name}}\" LOGIN PASSWORD '{{password}}';"))
                .revocationStatements(List.of("DROP ROLE \"{{name}}\";")).renewStatements(List.of("R"))
                .rollbackStatements(List.of("B")).usernameTemplate("app_{{random 8}}").passwordLength(32)
                .defaultTtl(Duration.ofMinutes(90)).maxTtl(Duration.ofDays(1)).build();
        assertThat(wire(role, DatabaseSecrets.RoleWrite.class)).isEqualTo("{\"connection\":\"pg\","
                + "\"creation_statements\":[\"CREATE ROLE \\\"{{name}}\\\" LOGIN PASSWORD '{{password}}';\"],"
                + "\"revocation_statements\":[\"DROP ROLE \\\"{{name}}\\\";\"],\"renew_statements\":[\"R\"],"
                + "\"rollback_statements\":[\"B\"],\"username_template\":\"app_{{random 8}}\","
                + "\"password_policy\":{\"length\":32},\"default_ttl\":\"90m\",\"max_ttl\":\"24h\"}");
    }

    @Test
    void staticRoleWrite_emptyBuilder_isConnectionAndUser_andThePeriodIsText() throws IOException {
        assertThat(wire(DatabaseSecrets.StaticRoleWrite.builder("pg", "app").build(),
                DatabaseSecrets.StaticRoleWrite.class)).isEqualTo("{\"connection\":\"pg\",\"username\":\"app\"}");
        var role = DatabaseSecrets.StaticRoleWrite.builder("pg", "app").rotationPeriod(Duration.ofHours(12))
                .rotationStatements(List.of("ALTER ROLE \"{{name}}\" WITH PASSWORD '{{password}}';")).build();
        assertThat(wire(role, DatabaseSecrets.StaticRoleWrite.class)).isEqualTo("{\"connection\":\"pg\","
                + "\"username\":\"app\",\"rotation_period\":\"12h\",\"rotation_statements\":[\"ALTER ROLE "
                + "\\\"{{name}}\\\" WITH PASSWORD '{{password}}';\"]}");
        assertThatThrownBy(() -> DatabaseSecrets.StaticRoleWrite.builder("pg", null))
                .isInstanceOf(NullPointerException.class).hasMessage("username");
    }
}
