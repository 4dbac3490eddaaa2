package dev.arca.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import dev.arca.server.route.QueryParameter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryBinderTest {
    enum Colour { RED, DARK_BLUE }

    record Everything(String name, int count, Optional<Long> big, Optional<Boolean> flag, Optional<Colour> colour,
            List<String> ids, @QueryParameter.Name("wait") Optional<String> waitFor, Optional<Integer> maxItems) {}

    record Unsupported(Optional<Map<String, String>> map) {}

    @Test
    void everySupportedType_isBoundFromItsWireName() {
        Everything bound = bind(Everything.class, Map.of("name", "x", "count", "-3", "big", "9000000000",
                "flag", "false", "colour", "dark_blue", "ids", "a,b", "wait", "30s", "max_items", "7"));

        assertThat(bound).isEqualTo(new Everything("x", -3, Optional.of(9_000_000_000L), Optional.of(false),
                Optional.of(Colour.DARK_BLUE), List.of("a", "b"), Optional.of("30s"), Optional.of(7)));
    }

    @Test
    void leftOutOptionalAndListParameters_areEmpty() {
        Everything bound = bind(Everything.class, Map.of("name", "x", "count", "1"));

        assertThat(bound.big()).isEmpty();
        assertThat(bound.ids()).isEmpty();
        assertThat(bound.waitFor()).isEmpty();
    }

    @Test
    void unknownParameters_areIgnored() {
        assertThat(bind(Everything.class, Map.of("name", "x", "count", "1", "extra", "?")).name()).isEqualTo("x");
    }

    @Test
    void aMissingRequiredParameter_isRefusedNamingIt() {
        assertRefused(Map.of("name", "x"), "count", "query parameter 'count' is required");
    }

    @Test
    void aValueOfTheWrongType_isRefusedNamingTheParameter() {
        assertRefused(Map.of("name", "x", "count", "two"), "count", "query parameter 'count' must be a whole number");
        assertRefused(Map.of("name", "x", "count", "99999999999"), "count",
                "query parameter 'count' must be a whole number from -2147483648 to 2147483647");
        assertRefused(Map.of("name", "x", "count", "1", "flag", "yes"), "flag",
                "query parameter 'flag' must be true or false");
        assertRefused(Map.of("name", "x", "count", "1", "colour", "green"), "colour",
                "query parameter 'colour' must be one of red, dark_blue");
        assertRefused(Map.of("name", "x", "count", "1", "max_items", ""), "max_items",
                "query parameter 'max_items' must be a whole number");
    }

    @Test
    void aComponentWithNoWireForm_isRefusedAtDeclaration() {
        assertThatThrownBy(() -> QueryParameter.of(Unsupported.class)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Unsupported.map");
    }

    private static void assertRefused(Map<String, String> query, String field, String message) {
        assertThatThrownBy(() -> bind(Everything.class, query)).isInstanceOfSatisfying(ArcaException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(e.details()).containsEntry("field", field);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private static <T extends Record> T bind(Class<T> type, Map<String, String> query) {
        return QueryBinder.bind(type, QueryParameter.of(type), name -> Optional.ofNullable(query.get(name)));
    }
}
