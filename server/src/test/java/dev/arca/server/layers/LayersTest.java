package dev.arca.server.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers point one way (DESIGN §3 "Layers"): front doors ({@code frontend/}) → the pipeline → features, which
 * declare {@code route/}s → identity, access, keys, audit, storage, errors. The HTTP library stays in the front
 * doors, no feature reaches the pipeline or a door, and the packages at the bottom reach nothing above them. Read
 * from the sources, so a new import that breaks a layer fails here with the file that made it.
 */
class LayersTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/arca/server");
    /** What the wiring (the root package), the doors and the pipeline itself may use, and features may not. */
    private static final List<String> ABOVE_THE_FEATURES = List.of("frontend", "pipeline");
    private static final List<String> BOTTOM = List.of("error", "seal", "audit", "storage", "keymaterial", "jobs",
            "net", "config", "metrics", "identity", "invalidation");

    @Test
    void onlyTheFrontDoors_importTheHttpServerLibrary() throws IOException {
        assertThat(importing("import io.javalin", "import org.eclipse.jetty.server"))
                .allMatch(file -> file.startsWith(SOURCES.resolve("frontend")));
    }

    @Test
    void noFeature_importsThePipelineOrADoor() throws IOException {
        assertThat(importing("import dev.arca.server.pipeline.", "import dev.arca.server.frontend."))
                .allMatch(file -> inPackage(file, ABOVE_THE_FEATURES) || file.getParent().equals(SOURCES));
    }

    @Test
    void thePipeline_knowsNoDoor() throws IOException {
        assertThat(importing("import dev.arca.server.frontend."))
                .noneMatch(file -> inPackage(file, List.of("pipeline", "route", "access")));
    }

    @Test
    void theBottomLayers_importNothingAboveThem() throws IOException {
        assertThat(importing("import dev.arca.server.pipeline.", "import dev.arca.server.frontend.",
                "import dev.arca.server.route.", "import dev.arca.server.access."))
                .noneMatch(file -> inPackage(file, BOTTOM));
    }

    @Test
    void identity_doesNotDependOnPolicies_andPoliciesNotOnTokens() throws IOException {
        assertThat(importing("import dev.arca.server.policy.")).noneMatch(file -> inPackage(file, List.of("identity")));
        assertThat(importing("import dev.arca.server.auth.")).noneMatch(file -> inPackage(file, List.of("policy")));
    }

    private static boolean inPackage(Path file, List<String> packages) {
        return packages.stream().anyMatch(layer -> file.startsWith(SOURCES.resolve(layer)));
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
