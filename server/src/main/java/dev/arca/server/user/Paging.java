package dev.arca.server.user;

import dev.arca.api.Page;
import dev.arca.server.http.ArcaException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code limit} and {@code cursor} of a list of names (DESIGN §7). The cursor is the last name of the previous
 * page in base64url; a store fetches {@code size + 1} names after {@link #after} to know whether more follow.
 */
record Paging(int size, String after) {
    private static final int DEFAULT_SIZE = 100;
    private static final int MAX_SIZE = 1000;

    static Paging of(Optional<String> limit, Optional<String> cursor) {
        return new Paging(limit.map(Paging::parseLimit).orElse(DEFAULT_SIZE), cursor.map(Paging::decode).orElse(""));
    }

    /** The page made of {@code fetched} (at most {@code size + 1} items in name order). */
    <T> Page<T> page(List<T> fetched, Function<T, String> name) {
        boolean more = fetched.size() > size;
        List<T> items = more ? fetched.subList(0, size) : fetched;
        return new Page<>(items, more, more ? encode(name.apply(items.getLast())) : null);
    }

    private static int parseLimit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_SIZE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ArcaException.invalid("limit", "limit must be a whole number from 1 to " + MAX_SIZE);
    }

    private static String encode(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            String name = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (LowerCaseName.matches(name)) {
                return name;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ArcaException.invalid("cursor", "the cursor is not one this server handed out; start again without it");
    }
}
