package dev.arca.server.use;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ErrorCode;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.server.error.ArcaException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersAndRedactionTest {
    private static final Secret SINGLE = new Secret("sk_1", "app/token", 1, "api_key", SecretText.of("tok-s3cr3t"),
            null, null);
    private static final Secret LOGIN = new Secret("sk_2", "app/login", 1, "json", SecretText.of("{}"),
            SecretText.ofAll(Map.of("username", "svc-user", "password", "pa55w0rd", "pin", "42")), null);

    private static void assertInvalid(String field, Runnable action) {
        assertThatThrownBy(action::run).isInstanceOf(ArcaException.class)
                .satisfies(e -> assertThat(((ArcaException) e).details()).containsEntry("field", field));
    }

    @Test
    void headerTypes_injectTheContractsHeaders() {
        assertThat(CredentialHeader.of(SINGLE, null, null, null))
                .isEqualTo(new CredentialHeader("Authorization", "Bearer tok-s3cr3t", "tok-s3cr3t"));
        assertThat(CredentialHeader.of(SINGLE, "api_key", null, null).name()).isEqualTo("X-API-Key");
        assertThat(CredentialHeader.of(SINGLE, "api_key", "X-Token", null).name()).isEqualTo("X-Token");
        assertThat(CredentialHeader.of(SINGLE, "custom", "X-Custom", null).value()).isEqualTo("tok-s3cr3t");
        String basic = Base64.getEncoder().encodeToString("svc-user:pa55w0rd".getBytes(StandardCharsets.UTF_8));
        assertThat(CredentialHeader.of(LOGIN, "basic", null, null).value()).isEqualTo("Basic " + basic);
        assertThat(CredentialHeader.of(LOGIN, "bearer", null, "password").value()).isEqualTo("Bearer pa55w0rd");
        assertThat(CredentialHeader.of(SINGLE, null, null, null).toString()).doesNotContain("tok-s3cr3t");
    }

    @Test
    void headerOptionsThatDoNotFit_are400NamingTheField() {
        assertInvalid("header_type", () -> CredentialHeader.of(SINGLE, "digest", null, null));
        assertInvalid("header_name", () -> CredentialHeader.of(SINGLE, "custom", null, null));
        assertInvalid("header_name", () -> CredentialHeader.of(SINGLE, "custom", "Bad Name", null));
        assertInvalid("header_name", () -> CredentialHeader.of(SINGLE, "custom", "Host", null));
        assertInvalid("header_name", () -> CredentialHeader.of(SINGLE, "bearer", "X-Other", null));
        assertInvalid("field", () -> CredentialHeader.of(LOGIN, "basic", null, "password"));
        assertThatThrownBy(() -> CredentialHeader.of(SINGLE, "basic", null, null))
                .satisfies(e -> assertThat(((ArcaException) e).code()).isEqualTo(ErrorCode.SECRET_STRUCTURE));
        assertThatThrownBy(() -> CredentialHeader.of(LOGIN, "bearer", null, null))
                .satisfies(e -> assertThat(((ArcaException) e).code()).isEqualTo(ErrorCode.SECRET_STRUCTURE));
        assertThatThrownBy(() -> CredentialHeader.of(LOGIN, "bearer", null, "nope"))
                .satisfies(e -> assertThat(((ArcaException) e).code()).isEqualTo(ErrorCode.FIELD_NOT_FOUND));
        var multiline = new Secret("sk_3", "app/pem", 1, "string", SecretText.of("line1\r\nEvil: yes"), null, null);
        assertThatThrownBy(() -> CredentialHeader.of(multiline, "bearer", null, null))
                .satisfies(e -> assertThat(((ArcaException) e).code()).isEqualTo(ErrorCode.SECRET_STRUCTURE))
                .hasMessageNotContaining("line1");
    }

    @Test
    void callerHeaders_refuseControlCharactersBadNamesFramingAndTheInjectedHeader() {
        assertThat(CallerHeaders.check(Map.of("Accept", "application/json"), "Authorization"))
                .containsExactly(Map.entry("Accept", "application/json"));
        assertThat(CallerHeaders.check(null, "Authorization")).isEmpty();
        for (Map<String, String> bad : List.of(Map.of("X-A", "a\r\nInjected: 1"), Map.of("X-A", "a\nb"),
                Map.of("X-A", "nul\0"), Map.of("Bad Name", "v"), Map.of("X-Ü", "v"), Map.of("Host", "evil"),
                Map.of("content-length", "1"), Map.of("Transfer-Encoding", "chunked"), Map.of("Connection", "close"),
                Map.of("authorization", "Bearer mine"))) {
            assertInvalid("headers", () -> CallerHeaders.check(bad, "Authorization"));
        }
        var nullValue = new LinkedHashMap<String, String>();
        nullValue.put("X-A", null);
        assertInvalid("headers", () -> CallerHeaders.check(nullValue, "Authorization"));
        assertThat(CallerHeaders.check(Map.of("Authorization", "Bearer other"), "X-API-Key")).hasSize(1);
    }

    @Test
    void redaction_removesTheValueItsEncodingsAndLongEnoughFields() {
        var single = Redactor.of(SINGLE, CredentialHeader.of(SINGLE, "bearer", null, null));
        assertThat(single.text("you sent Bearer tok-s3cr3t, i.e. tok-s3cr3t"))
                .isEqualTo("you sent Bearer [REDACTED], i.e. [REDACTED]");
        assertThat(new String(single.bytes("{\"echo\":\"tok-s3cr3t\"}".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).isEqualTo("{\"echo\":\"[REDACTED]\"}");

        var basic = CredentialHeader.of(LOGIN, "basic", null, null);
        var login = Redactor.of(LOGIN, basic);
        assertThat(login.text(basic.value() + " user=svc-user pass=pa55w0rd pin=42"))
                .isEqualTo("Basic [REDACTED] user=[REDACTED] pass=[REDACTED] pin=42");

        var quoted = new Secret("sk_4", "app/q", 1, "string", SecretText.of("a\"b c/d"), null, null);
        var redactor = Redactor.of(quoted, CredentialHeader.of(quoted, "api_key", null, null));
        assertThat(redactor.text("json \"a\\\"b c/d\" query a%22b+c%2Fd")).doesNotContain("b c").doesNotContain("b+c");

        byte[] binary = {(byte) 0xff, 't', 'o', 'k', '-', 's', '3', 'c', 'r', '3', 't', (byte) 0xfe};
        assertThat(new String(single.bytes(binary), StandardCharsets.ISO_8859_1)).contains("[REDACTED]")
                .doesNotContain("tok-");
    }

    @Test
    void redaction_coversTheCommonTransformsOfTheValue() {
        var secret = new Secret("sk_1", "app/token", 1, "api_key", SecretText.of("Tok-s3cr3t"), null, null);
        var redactor = Redactor.of(secret, CredentialHeader.of(secret, "bearer", null, null));
        byte[] raw = "Tok-s3cr3t".getBytes(StandardCharsets.UTF_8);
        for (String form : List.of("Tok-s3cr3t", "TOK-S3CR3T", "tok-s3cr3t", Base64.getEncoder().encodeToString(raw),
                Base64.getUrlEncoder().withoutPadding().encodeToString(raw), HexFormat.of().formatHex(raw),
                HexFormat.of().withUpperCase().formatHex(raw))) {
            assertThat(redactor.text("[" + form + "]")).as(form).isEqualTo("[[REDACTED]]");
        }
        var accented = new Secret("sk_2", "app/e", 1, "string", SecretText.of("café-key"), null, null);
        var ascii = Redactor.of(accented, CredentialHeader.of(accented, "api_key", null, null));
        assertThat(ascii.text("\"caf\\u00e9-key\" \"caf\\u00E9-key\" caf%C3%A9-key"))
                .isEqualTo("\"[REDACTED]\" \"[REDACTED]\" [REDACTED]");
    }
}
