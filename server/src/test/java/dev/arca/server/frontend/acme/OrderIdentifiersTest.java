package dev.arca.server.frontend.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.frontend.acme.challenge.AcmeIdentifier;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class OrderIdentifiersTest {
    @Test
    void names_areLowerCasedWithoutTrailingDot_andIpsCanonical_andDuplicatesDropped() throws IOException {
        var identifiers = OrderIdentifiers.of(json("[{\"type\":\"dns\",\"value\":\"WWW.Example.com.\"},"
                + "{\"type\":\"dns\",\"value\":\"www.example.com\"},{\"type\":\"ip\",\"value\":\"::0:1\"}]"));
        assertThat(identifiers).containsExactly(new AcmeIdentifier("dns", "www.example.com"),
                new AcmeIdentifier("ip", "0:0:0:0:0:0:0:1"));
    }

    @Test
    void wildcard_isAuthorizedByItsBaseDomain() throws IOException {
        var wildcard = OrderIdentifiers.of(json("[{\"type\":\"dns\",\"value\":\"*.example.com\"}]")).getFirst();
        assertThat(OrderIdentifiers.wildcard(wildcard)).isTrue();
        assertThat(OrderIdentifiers.authorized(wildcard)).isEqualTo(new AcmeIdentifier("dns", "example.com"));
    }

    @Test
    void otherTypes_areUnsupported_andEmailOrUriValues_areRejected() {
        assertType("[{\"type\":\"email\",\"value\":\"a@example.com\"}]", "unsupportedIdentifier");
        assertType("[{\"type\":\"dns\",\"value\":\"a@example.com\"}]", "rejectedIdentifier");
        assertType("[{\"type\":\"dns\",\"value\":\"https://example.com\"}]", "rejectedIdentifier");
        assertType("[{\"type\":\"dns\",\"value\":\"web*.example.com\"}]", "rejectedIdentifier");
        assertType("[{\"type\":\"dns\",\"value\":\"*.com\"}]", "rejectedIdentifier");
        assertType("[]", "malformed");
    }

    private static void assertType(String identifiers, String type) {
        assertThatThrownBy(() -> OrderIdentifiers.of(json(identifiers))).isInstanceOfSatisfying(AcmeProblem.class,
                problem -> assertThat(problem.type()).isEqualTo(type));
    }

    private static JsonNode json(String text) throws IOException {
        return AcmeTestClient.JSON.readTree(text);
    }
}
