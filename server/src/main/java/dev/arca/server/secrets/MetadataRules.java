package dev.arca.server.secrets;

import dev.arca.server.error.ArcaException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The limits on what may be said about a secret: checked at the edge, before anything is stored. */
final class MetadataRules {
    static final int MAX_DESCRIPTION = 1024;
    static final int MAX_TAGS = 32;
    static final int MAX_CUSTOM = 64;
    static final int MAX_CUSTOM_KEY = 128;
    static final int MAX_CUSTOM_VALUE = 1024;
    static final int MAX_REASON = 64;
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private MetadataRules() {}

    static @Nullable String description(@Nullable String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw ArcaException.invalid("description", "description is at most " + MAX_DESCRIPTION + " characters");
        }
        return description;
    }

    /** The tags, sorted and without repeats. */
    static @Nullable List<String> tags(@Nullable List<String> tags) {
        if (tags == null) {
            return null;
        }
        var distinct = new TreeSet<String>();
        for (String tag : tags) {
            if (tag == null || !TAG.matcher(tag).matches()) {
                throw ArcaException.invalid("tags", "a tag is 1-64 characters of a-z, 0-9, '.', '_' and '-', "
                        + "starting with a letter or digit");
            }
            distinct.add(tag);
        }
        if (distinct.size() > MAX_TAGS) {
            throw ArcaException.invalid("tags", "a secret has at most " + MAX_TAGS + " tags");
        }
        return List.copyOf(distinct);
    }

    /** The custom pairs, sorted by key. */
    static @Nullable Map<String, String> custom(@Nullable Map<String, String> custom) {
        if (custom == null) {
            return null;
        }
        if (custom.size() > MAX_CUSTOM) {
            throw ArcaException.invalid("custom", "custom metadata has at most " + MAX_CUSTOM + " pairs");
        }
        for (var entry : custom.entrySet()) {
            String key = entry.getKey();
            if (key.isEmpty() || key.length() > MAX_CUSTOM_KEY || key.chars().anyMatch(Character::isISOControl)) {
                throw ArcaException.invalid("custom", "custom keys are 1-" + MAX_CUSTOM_KEY
                        + " characters without control characters");
            }
            if (entry.getValue() == null || entry.getValue().length() > MAX_CUSTOM_VALUE) {
                throw ArcaException.invalid("custom." + key, "custom values are strings of at most "
                        + MAX_CUSTOM_VALUE + " characters");
            }
        }
        return new TreeMap<>(custom);
    }

    static @Nullable String reason(@Nullable String reason) {
        if (reason != null && (reason.length() > MAX_REASON || reason.chars().anyMatch(Character::isISOControl))) {
            throw ArcaException.invalid("reason", "reason is at most " + MAX_REASON
                    + " characters without control characters");
        }
        return reason;
    }
}
