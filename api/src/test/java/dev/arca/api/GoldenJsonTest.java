package dev.arca.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wire records against their golden JSON ({@code src/test/resources/golden/<Record>.json}): a sample of each
 * record writes exactly its fixture, and the fixture reads back (strictly) into a record that writes it again. A
 * renamed, added or retyped field fails here, so the change to the wire is seen in review as a fixture diff.
 * After a deliberate change, {@code -Dgolden.update=true} rewrites the fixtures from the samples.
 */
class GoldenJsonTest {
    private static final Path FIXTURES = Path.of("src/test/resources/golden");
    private static final ObjectMapper WRITER = Json.lenient().copy().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper STRICT = Json.strict();

    static Stream<Class<?>> records() {
        return ApiRecords.wire().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void sample_writesItsFixture_andTheFixtureReadsBack(Class<?> type) throws IOException {
        Path fixture = FIXTURES.resolve(ApiRecords.name(type) + ".json");
        String written = WRITER.writeValueAsString(ApiRecords.sample(type)) + "\n";
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(FIXTURES);
            Files.writeString(fixture, written);
        }
        assertThat(Files.exists(fixture))
                .as("golden fixture of %s (write it with -Dgolden.update=true)", ApiRecords.name(type)).isTrue();
        String golden = Files.readString(fixture);
        assertThat(written).as("%s as written now", ApiRecords.name(type)).isEqualTo(golden);
        String rewritten = WRITER.writeValueAsString(STRICT.readValue(golden, type)) + "\n";
        assertThat(rewritten).as("%s read from its fixture and written again", ApiRecords.name(type))
                .isEqualTo(golden);
    }

    @Test
    void everyFixture_belongsToARecord() throws IOException {
        var names = ApiRecords.wire().stream().map(ApiRecords::name).map(name -> name + ".json").toList();
        try (Stream<Path> files = Files.list(FIXTURES)) {
            List<String> fixtures = files.map(file -> file.getFileName().toString()).toList();
            assertThat(fixtures).as("fixtures without a record").isSubsetOf(names);
        }
    }
}
