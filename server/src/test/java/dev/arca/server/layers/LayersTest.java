package dev.arca.server.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers point one way (DESIGN §11 "Layers"): the HTTP library stays in the front door ({@code http/}), and the
 * packages below the pipeline (keys, audit, storage, limits, errors) never reach up into it. Read from the sources,
 * so a new import that breaks a layer fails here with the file that made it.
 */
class LayersTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/arca/server");
    private static final List<String> BELOW_THE_PIPELINE = List.of("error", "seal", "audit", "storage", "ratelimit",
            "keymaterial", "jobs", "net", "config");

    @Test
    void onlyTheFrontDoor_importsTheHttpServerLibrary() throws IOException {
        assertThat(importing("import io.javalin", "import org.eclipse.jetty.server"))
                .allMatch(file -> file.startsWith(SOURCES.resolve("http")));
    }

    @Test
    void packagesBelowThePipeline_doNotImportIt() throws IOException {
        assertThat(importing("import dev.arca.server.http."))
                .noneMatch(file -> BELOW_THE_PIPELINE.stream().anyMatch(layer -> file.startsWith(SOURCES.resolve(layer))));
    }

    private static List<Path> importing(String... prefixes) throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> lines(file).anyMatch(line -> Stream.of(prefixes).anyMatch(line::startsWith)))
                    .toList();
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
