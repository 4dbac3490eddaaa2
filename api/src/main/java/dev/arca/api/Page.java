package dev.arca.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of a list: {@code {"data":[…],"has_more":…,"cursor":…}}; pass {@code cursor} back for the next page. */
public record Page<T>(List<T> data, boolean hasMore, @Nullable String cursor) {
    public Page {
        data = List.copyOf(data);
    }
}
