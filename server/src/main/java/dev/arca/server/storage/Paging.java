package dev.arca.server.storage;

import dev.arca.api.Page;
import dev.arca.server.error.ArcaException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code limit} and {@code cursor} of a list in key order (DESIGN §7), the same for every feature: a limit of
 * 1..1000 (default 100), and a cursor that is the last key of the previous page in base64url. A store fetches
 * {@code size + 1} rows after {@link #after} so the page knows whether more follow.
 */
public record Paging(int size, String after) {
    public static final int DEFAULT_SIZE = 100;
    public static final int MAX_SIZE = 1000;

    /** The {@code limit} and {@code cursor} query parameters of a list route, as its query record. */
    public record Query(Optional<Integer> limit, Optional<String> cursor) {
        /** The first page, of the default size. */
        public static Query first() {
            return new Query(Optional.empty(), Optional.empty());
        }
    }

    /**
     * @param validKey whether a decoded cursor is a key this list could have handed out; anything else is a
     *     tampered or foreign cursor (400 naming {@code cursor})
     */
    public static Paging of(Query query, Predicate<String> validKey) {
        return new Paging(limit(query.limit()), query.cursor().map(c -> decode(c, validKey)).orElse(""));
    }

    /** The page made of {@code fetched} (at most {@code size + 1} items in key order). */
    public <T> Page<T> page(List<T> fetched, Function<T, String> key) {
        boolean more = fetched.size() > size;
        List<T> items = more ? fetched.subList(0, size) : fetched;
        return new Page<>(items, more, more ? encode(key.apply(items.getLast())) : null);
    }

    /** The {@code limit} parameter: 1..1000, 100 when absent, else 400 naming {@code limit}. */
    public static int limit(Optional<Integer> given) {
        int limit = given.orElse(DEFAULT_SIZE);
        if (limit < 1 || limit > MAX_SIZE) {
            throw ArcaException.invalid("limit", "limit must be a whole number from 1 to " + MAX_SIZE);
        }
        return limit;
    }

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor, Predicate<String> validKey) {
        try {
            String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (validKey.test(key)) {
                return key;
            }
        } catch (IllegalArgumentException | ArcaException e) {
            // answered below
        }
        throw ArcaException.invalid("cursor", "the cursor is not one this server handed out; start again without it");
    }
}
