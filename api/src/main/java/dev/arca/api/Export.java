package dev.arca.api;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v1/vaults/{vault}/export?project=P}: a project's secrets as environment variables. A single value
 * becomes {@code NAME}, each field of a structured value {@code NAME_FIELD}, where {@code NAME} is the path after
 * the project in upper snake case ({@code db/main} → {@code DB_MAIN}). Names that two sources would share are left
 * out of {@link #variables} and reported in {@link #collisions}, so an export never silently picks a winner.
 *
 * @param variables environment name → value
 * @param collisions the names left out, with the paths that produced them
 */
public record Export(Map<String, SecretText> variables, List<Collision> collisions) {
    public Export {
        variables = Collections.unmodifiableMap(new TreeMap<>(variables));
        collisions = List.copyOf(collisions);
    }

    /** One environment name that several secrets (or fields) flatten to, and the paths of those secrets. */
    public record Collision(String name, List<String> paths) {
        public Collision {
            paths = List.copyOf(paths);
        }
    }
}
