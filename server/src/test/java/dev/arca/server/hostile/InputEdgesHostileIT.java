package dev.arca.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input at the edges of what JSON, UTF-8, query strings and durations can spell (wave 2 · item 10): text that is not
 * Unicode, numbers past their type, parameters given twice and durations beyond any use are each refused with 400
 * naming the field, and leave storage as it was.
 */
@Tag("hostile")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputEdgesHostileIT {
    private static final String SECRETS = "/v1/vaults/default/secrets";
    private static final Pattern RAW_STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3})");

    TestServer server;
    /** The vault's listing (with versions) before each test: a refused request must leave it as it was. */
    String before;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir).initAndUnseal();
        assertThat(server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}").status()).isEqualTo(201);
        assertThat(server.root("PUT", SECRETS + "/app/kept", "{\"value\":\"one\"}").status()).isEqualTo(200);
        assertThat(server.root("PUT", SECRETS + "/app/kept", "{\"value\":\"two\"}").status()).isEqualTo(200);
    }

    @BeforeEach
    void snapshot() {
        before = state();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"value\":\"a\\ud800\"}|value",
            "{\"value\":\"\\udc00b\"}|value",
            "{\"value\":\"v\",\"description\":\"x\\udbff\"}|description",
            "{\"value\":\"v\",\"tags\":[\"ok\",\"\\ud800\"]}|tags.[1]",
            "{\"value\":\"v\",\"custom\":{\"k\":\"\\ud800\"}}|custom.k",
            "{\"value\":\"v\",\"custom\":{\"\\ud800\":\"v\"}}|custom",
            "{\"fields\":{\"user\":\"\\ude00\\ud83d\"}}|fields.user"})
    void loneSurrogateEscapes_inAnyStringOfTheBody_are400NamingTheField(String body, String field) {
        var response = server.root("PUT", SECRETS + "/app/surrogate", body);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_request");
        assertThat(response.json().path("error").path("message").asText()).contains("'" + field + "'")
                .contains("surrogate");
        assertNothingStored();
    }

    @Test
    void aPairedSurrogate_isStoredAndReadBackExactly() {
        var written = server.root("PUT", SECRETS + "/app/emoji", "{\"value\":\"a\\ud83d\\ude00b\"}");
        assertThat(written.status()).as(written.body()).isEqualTo(200);
        assertThat(server.root("GET", SECRETS + "/app/emoji", null).json().path("value").asText())
                .isEqualTo("a\uD83D\uDE00b");
        assertThat(server.root("DELETE", SECRETS + "/app/emoji?permanent=true", null).status()).isEqualTo(204);
    }

    @Test
    void aLoneSurrogateInAProjectName_is400NamingName() {
        var response = server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"p\\ud800\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("'name'");
        assertNothingStored();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff", "c0af", "eda080", "f4908080", "e282"})
    void bodyBytesThatAreNotUtf8_are400NamingTheField(String hex) throws IOException {
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        var body = new ByteArrayOutputStream();
        body.writeBytes("{\"value\":\"a".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(bad);
        body.writeBytes("b\"}".getBytes(StandardCharsets.US_ASCII));
        String answer = raw("PUT", SECRETS + "/app/bytes", body.toByteArray());
        assertThat(statusOf(answer)).as(answer).isEqualTo(400);
        assertThat(answer).contains("'value'").contains("UTF-8");
        assertNothingStored();
    }

    @ParameterizedTest
    @ValueSource(strings = {"app/a%FF", "app/a%ED%A0%80", "app/a%C0%AF", "app/a%E2%82"})
    void pathEscapesThatAreNotUtf8_are400AndStoreNothing(String path) throws IOException {
        // Jetty refuses these itself, before routing (so before any decoding could make them U+FFFD)
        String answer = raw("PUT", SECRETS + "/" + path, "{\"value\":\"v\"}".getBytes(StandardCharsets.US_ASCII));
        assertThat(statusOf(answer)).as(answer).isEqualTo(400);
        assertNothingStored();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"version=%FF|version", "version=%ED%A0%80|version", "field=%C0%AF|field",
            "%FF=1|query", "version=%4|version"})
    void queryEscapesThatAreNotUtf8OrBroken_are400NamingTheParameter(String query, String field) throws IOException {
        String answer = raw("GET", SECRETS + "/app/kept?" + query, null);
        assertThat(statusOf(answer)).as(answer).isEqualTo(400);
        assertThat(answer).contains("\"field\":\"" + field + "\"").containsAnyOf("UTF-8", "broken percent-escape");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"grant_type=client_credentials&client_assertion=%ED%A0%80|client_assertion",
            "grant_type=client_credentials&client_assertion=a%FFb|client_assertion", "gr%C0%AFant=x|the form body"})
    void formFieldsThatAreNotUtf8_are400NamingTheField(String form, String field) throws IOException {
        String answer = raw("POST", "/v1/auth/token", form.getBytes(StandardCharsets.US_ASCII),
                "application/x-www-form-urlencoded");
        assertThat(statusOf(answer)).as(answer).isEqualTo(400);
        // the token endpoint answers in the OAuth error format (RFC 6749 §5.2), naming the field in its description
        assertThat(answer).contains("\"error\":\"invalid_request\"").contains(field).contains("is not UTF-8");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "99999999999999999999|max_versions",
            "-99999999999999999999|max_versions",
            "2147483648|max_versions"})
    void integersPastTheirType_are400NamingTheFieldAndTheRange(String number, String field) {
        var response = server.root("PUT", SECRETS + "/app/num", "{\"value\":\"v\",\"max_versions\":" + number + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        String message = response.json().path("error").path("message").asText();
        assertThat(message).contains("'" + field + "'").contains("2147483647").doesNotContain("not valid JSON");
        assertNothingStored();
    }

    @Test
    void anIntegerPastItsTypeInANestedRecord_namesTheNestedField() {
        var response = server.root("POST", SECRETS + "/app/kept/rotate",
                "{\"generate\":{\"length\":99999999999999999999}}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("error").path("message").asText()).contains("'generate.length'")
                .contains("2147483647");
        assertNothingStored();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/kept?version=1&version=2", "/app/kept?field=a&version=1&field=b",
            "?limit=1&limit=500", "?recursive=true&recursive=false", "/app/kept?unknown=1&unknown=1"})
    void repeatedQueryParameters_are400NamingTheParameter(String tail) {
        var response = server.root("GET", SECRETS + tail, null);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        String name = tail.substring(tail.indexOf('?') + 1).replaceAll("^.*&([a-z]+)=[^&]*$", "$1");
        assertThat(response.json().path("error").path("message").asText()).contains("'" + name + "'")
                .contains("more than once");
    }

    @Test
    void repeatedVersionsOnADelete_areRefusedAndDeleteNothing() {
        var response = server.root("DELETE", SECRETS + "/app/kept?version=1&version=2", null);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("'version'");
        assertNothingStored();
        assertThat(server.root("GET", SECRETS + "/app/kept?version=1", null).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"3000000d|30d", "999999999d|30d", "31d|30d", "721h|30d"})
    void absurdRotationGrace_is400WithTheCap(String grace, String cap) {
        var response = server.root("POST", SECRETS + "/app/kept/rotate",
                "{\"value\":\"three\",\"grace\":\"" + grace + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("error").path("message").asText()).contains("grace").contains(cap);
        assertNothingStored();
        assertThat(server.root("GET", SECRETS + "/app/kept", null).json().path("value").asText()).isEqualTo("two");
    }

    @Test
    void aGraceAtTheCap_isAccepted() {
        assertThat(server.root("PUT", SECRETS + "/app/capped", "{\"value\":\"one\"}").status()).isEqualTo(200);
        var response = server.root("POST", SECRETS + "/app/capped/rotate", "{\"value\":\"two\",\"grace\":\"30d\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(server.root("DELETE", SECRETS + "/app/capped?permanent=true", null).status()).isEqualTo(204);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"ttl\":\"3000000d\"}", "{\"ttl\":\"1h\",\"max_ttl\":\"999999999d\"}",
            "{\"ttl\":\"87601h\"}"})
    void absurdTokenDurations_are400WithTheCap(String body) {
        var response = server.root("POST", "/v1/tokens", body);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("error").path("message").asText()).contains("ttl").contains("3650d");
        assertThat(response.json().has("token")).isFalse();
    }

    @Test
    void anAbsurdRenewIncrement_is400WithTheCap() {
        var created = server.root("POST", "/v1/tokens", "{\"ttl\":\"1h\"}");
        String token = created.json().path("token").asText();
        var response = server.call("POST", "/v1/tokens/renew-self", token, "{\"increment\":\"3000000d\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("increment").contains("3650d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"machine_ttl\":\"3000000d\"}", "{\"expires\":\"999999999d\"}"})
    void absurdEnrollmentDurations_are400WithTheCap(String body) {
        String tokens = "/v1/vaults/default/enrollment-tokens";
        String listed = server.root("GET", tokens, null).body();
        var response = server.root("POST", tokens, body);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        String field = body.substring(2, body.indexOf('"', 2));
        assertThat(response.json().path("error").path("message").asText()).contains(field).contains("3650d");
        assertThat(server.root("GET", tokens, null).body()).isEqualTo(listed);
    }

    @Test
    void anAbsurdLeaseTtl_is400WithTheCap() {
        var response = server.root("POST", SECRETS + "/app/kept/retrieve", "{\"ttl\":\"3000000d\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("ttl").contains("longest allowed, 24h");
        assertThat(server.root("GET", "/v1/leases", null).json().path("items").size()).isZero();
    }

    private void assertNothingStored() {
        assertThat(state()).isEqualTo(before);
    }

    private String state() {
        var listed = server.root("GET", SECRETS + "?recursive=true", null);
        assertThat(listed.status()).isEqualTo(200);
        var projects = server.root("GET", "/v1/vaults/default/projects", null);
        return listed.body() + projects.body();
    }

    /** A request whose path and body go on the wire byte for byte (java.net.http would re-encode both). */
    private String raw(String method, String path, byte[] body) throws IOException {
        return raw(method, path, body, "application/json");
    }

    private String raw(String method, String path, byte[] body, String contentType) throws IOException {
        URI uri = URI.create(server.address());
        try (var socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String head = method + " " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + server.rootToken
                    + "\r\nConnection: close\r\n"
                    + (body == null ? "" : "Content-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n")
                    + "\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int statusOf(String answer) {
        Matcher matcher = RAW_STATUS.matcher(answer);
        assertThat(matcher.find()).as(answer).isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
