package dev.arca.server.use;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.server.error.ArcaException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgressPatternTest {
    private static boolean allows(String pattern, String url) {
        return EgressPattern.parse(pattern, "allow[0]").matches(TargetUrl.parse(url));
    }

    private static void assertInvalid(String field, Runnable action) {
        assertThatThrownBy(action::run).isInstanceOf(ArcaException.class)
                .satisfies(e -> assertThat(((ArcaException) e).details()).containsEntry("field", field));
    }

    @Test
    void pathPrefix_matchesWholeSegmentsOnly() {
        for (String rule : List.of("https://api.example.com/v1", "https://api.example.com/v1/",
                "https://api.example.com/v1/*")) {
            assertThat(allows(rule, "https://api.example.com/v1")).as(rule).isTrue();
            assertThat(allows(rule, "https://api.example.com/v1/x?q=1")).as(rule).isTrue();
            assertThat(allows(rule, "https://api.example.com/v10")).as(rule).isFalse();
            assertThat(allows(rule, "https://api.example.com/")).as(rule).isFalse();
        }
        assertThat(allows("https://api.example.com", "https://api.example.com/anything/at/all")).isTrue();
    }

    @Test
    void dotSegments_areResolvedBeforeMatching_encodedOnesToo() {
        String rule = "https://api.example.com/v1";
        assertThat(allows(rule, "https://api.example.com/v1/../admin")).isFalse();
        assertThat(allows(rule, "https://api.example.com/v1/%2e%2e/admin")).isFalse();
        assertThat(allows(rule, "https://api.example.com/v1/%2E%2e/admin")).isFalse();
        assertThat(allows(rule, "https://api.example.com/v1/..;x/admin")).isFalse();
        assertThat(allows(rule, "https://api.example.com/v1/./x/../y")).isTrue();
        assertThat(TargetUrl.parse("https://api.example.com/v1/../admin").path()).isEqualTo("/admin");
        assertThat(TargetUrl.parse("https://api.example.com/a/./b/%2e/").path()).isEqualTo("/a/b/");
        assertThat(TargetUrl.parse("https://api.example.com/../../x").path()).isEqualTo("/x");
        assertThat(TargetUrl.parse("https://api.example.com/v1/x?a=b#frag").uri())
                .hasToString("https://api.example.com:443/v1/x?a=b");
    }

    @Test
    void encodedSlashOrBackslash_inThePath_is400() {
        assertInvalid("url", () -> TargetUrl.parse("https://api.example.com/v1/x%2f..%2f..%2fadmin"));
        assertInvalid("url", () -> TargetUrl.parse("https://api.example.com/v1/x%5C..%5Cadmin"));
    }

    @Test
    void host_matchesAsWritten() {
        String rule = "http://127.0.0.1:8080/";
        assertThat(allows(rule, "http://127.0.0.1:8080/x")).isTrue();
        assertThat(allows(rule, "http://localhost:8080/x")).isFalse();
        assertThat(allows(rule, "http://127.0.0.1:8081/x")).as("another port").isFalse();
        assertThat(allows(rule, "https://127.0.0.1:8080/x")).as("another scheme").isFalse();
        assertThat(allows("https://API.Example.com", "https://api.example.COM/")).as("case-insensitive").isTrue();
        assertThat(allows("https://api.example.com", "https://api.example.com:443/")).as("default port").isTrue();
        assertThat(allows("https://api.example.com", "https://api.example.com:8443/")).isFalse();
    }

    @Test
    void nonCanonicalIpv4Urls_are400_soTheyCannotStandInForALiteralRule() {
        for (String url : List.of("http://2130706433:8080/", "http://0177.0.0.1:8080/", "http://0x7f.0.0.1:8080/",
                "http://0x7f.1/", "http://127.1:8080/", "http://127.0.0.01/", "http://256.1.1.1/",
                "http://1.2.3.4.5/")) {
            assertInvalid("url", () -> TargetUrl.parse(url));
        }
        assertThat(TargetUrl.parse("http://127.0.0.1:8080/").host().kind()).isEqualTo(Host.Kind.IPV4);
        assertThat(TargetUrl.parse("http://[::1]:8080/").host().name()).isEqualTo("[::1]");
    }

    @Test
    void badUrls_are400NamingUrl() {
        for (String url : List.of("ftp://example.com/", "example.com/x", "http://user:pw@example.com/",
                "http://example.com:0/", "http://example.com:99999/", "http://exa_mple.com/", "http:///x",
                "http://[::1%25eth0]/", "http://a b/", "")) {
            assertInvalid("url", () -> TargetUrl.parse(url));
        }
    }

    @Test
    void wildcardHost_matchesSubdomainsOnly() {
        String rule = "https://*.example.com";
        assertThat(allows(rule, "https://a.example.com/x")).isTrue();
        assertThat(allows(rule, "https://a.b.example.com/x")).isTrue();
        assertThat(allows(rule, "https://example.com/x")).isFalse();
        assertThat(allows(rule, "https://evilexample.com/x")).isFalse();
        assertThat(allows(rule, "https://example.com.evil.net/x")).isFalse();
    }

    @Test
    void onlyAnExactIpLiteralRule_namesTheLiteral() {
        var literal = EgressPattern.parse("http://127.0.0.1:9/", "allow[0]");
        assertThat(literal.namesLiteral(TargetUrl.parse("http://127.0.0.1:9/").host())).isTrue();
        var name = EgressPattern.parse("http://localhost:9/", "allow[0]");
        assertThat(name.namesLiteral(TargetUrl.parse("http://localhost:9/").host())).isFalse();
    }

    @Test
    void badPatterns_are400NamingTheirIndex() {
        for (String bad : List.of("ftp://example.com", "example.com", "https://", "https://*", "https://*.com",
                "https://*.1.2.3.4", "https://a*.example.com", "https://example.com/v1/*/x", "https://example.com//x",
                "https://example.com/../x", "https://u@example.com", "https://example.com:70000",
                "https://2130706433", "https://example.com/x?y", "  ")) {
            assertInvalid("allow[3]", () -> EgressPattern.parse(bad, "allow[3]"));
        }
        assertThat(EgressPattern.parse("HTTPS://API.Example.com:8443/v1/*", "allow[0]").text())
                .isEqualTo("https://api.example.com:8443/v1/*");
    }

    @Test
    void rules_checkCountAndMethods_andMatchOnlyAllowedMethods() {
        assertInvalid("allow", () -> EgressRules.check(null, List.of("GET")));
        assertInvalid("allow", () -> EgressRules.check(Collections.nCopies(33, "https://a.example.com"),
                List.of("GET")));
        assertInvalid("methods", () -> EgressRules.check(List.of("https://a.example.com"), List.of("FETCH")));
        assertInvalid("methods", () -> EgressRules.check(List.of("https://a.example.com"), List.of()));
        assertInvalid("allow[1]", () -> EgressRules.check(List.of("https://a.example.com", "bad"), List.of("GET")));
        assertThat(EgressRules.check(List.of(), null).allow()).isEmpty();

        var rules = EgressRules.check(List.of("https://a.example.com/v1"), List.of("get", "POST"));
        assertThat(rules.methods()).containsExactly("GET", "POST");
        assertThat(rules.match("POST", TargetUrl.parse("https://a.example.com/v1/x"))).isPresent();
        assertThat(rules.match("DELETE", TargetUrl.parse("https://a.example.com/v1/x"))).isEmpty();
        assertThat(EgressRules.NONE.match("GET", TargetUrl.parse("https://a.example.com/v1/x"))).isEmpty();
    }
}
