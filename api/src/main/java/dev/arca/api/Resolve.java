package dev.arca.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POST /v1/vaults/{vault}/resolve}: the values behind up to {@link Batch#MAX_ITEMS} references in
 * {@link Notation} ({@code arca://app/db/field/password}). Each reference is authorized on its own.
 *
 * @param refs the references, as text
 */
public record Resolve(List<String> refs) {
    public Resolve {
        refs = refs == null ? Collections.emptyList() : Collections.unmodifiableList(new ArrayList<>(refs));
    }

    /**
     * Every requested reference is a key of exactly one of the two maps, spelt as it was requested.
     *
     * @param values the value of each resolved reference: a single value, a field's value, or the JSON text of a
     *     structured secret's fields
     * @param errors why the others were not resolved ({@code invalid_request} for bad notation,
     *     {@code access_denied}, {@code not_found}, {@code secret_structure}, {@code field_not_found}…)
     */
    public record Result(Map<String, SecretText> values, Map<String, Batch.ItemError> errors) {
        public Result {
            values = Collections.unmodifiableMap(new TreeMap<>(values));
            errors = Collections.unmodifiableMap(new TreeMap<>(errors));
        }
    }
}
