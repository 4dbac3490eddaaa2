package dev.arca.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/vaults/{vault}/secrets/batch}: read up to {@link #MAX_ITEMS} secrets at once, by path and by id.
 * Each item is authorized on its own, so one the caller may not read fails alone, in {@link Result#errors}.
 *
 * @param paths secret paths ({@code app/db}); may be null (none); null entries are kept for the server to refuse
 * @param ids secret ids ({@code sk_…}); may be null
 */
public record Batch(List<String> paths, List<String> ids) {
    /** The most paths and ids, together, one batch may name. */
    public static final int MAX_ITEMS = 100;

    public Batch {
        paths = paths == null ? Collections.emptyList() : Collections.unmodifiableList(new ArrayList<>(paths));
        ids = ids == null ? Collections.emptyList() : Collections.unmodifiableList(new ArrayList<>(ids));
    }

    /**
     * The answer: every requested path or id is a key of exactly one of the two maps, spelt as it was requested.
     *
     * @param secrets the secrets read, with their values
     * @param errors why the others were not: {@code access_denied}, {@code not_found}, {@code invalid_request}…
     */
    public record Result(Map<String, Secret> secrets, Map<String, ItemError> errors) {
        public Result {
            secrets = Collections.unmodifiableMap(new TreeMap<>(secrets));
            errors = Collections.unmodifiableMap(new TreeMap<>(errors));
        }
    }

    /**
     * Why one item of a batch or one reference of a resolve failed.
     *
     * @param code an error code of DESIGN §7 or {@code secret_structure} / {@code field_not_found}
     * @param message what went wrong, never a value
     */
    public record ItemError(String code, @Nullable String message) {}
}
