package dev.arca.bench;

import java.util.List;

/**
 * What wrk sends in one scenario: a script of {@code bench/wrk} ({@code read.lua}, {@code write.lua},
 * {@code mixed.lua}), the {@code Authorization} header's value (null for none), the paths it picks from at random,
 * and the script's further arguments.
 */
record WrkRequests(String script, String authorization, List<String> paths, List<String> arguments) {
    WrkRequests {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("wrk needs at least one path for " + script);
        }
        paths = List.copyOf(paths);
        arguments = List.copyOf(arguments);
    }

    /** GET one of {@code paths} at random. */
    static WrkRequests get(String authorization, List<String> paths) {
        return new WrkRequests("read.lua", authorization, paths, List.of());
    }

    /** GET {@code path} without credentials. */
    static WrkRequests get(String path) {
        return get(null, List.of(path));
    }

    /** PUT a new 200-character value to one of {@code paths} at random. */
    static WrkRequests write(String authorization, List<String> paths) {
        return new WrkRequests("write.lua", authorization, paths, List.of());
    }

    /** One request in {@code writeOneIn} as {@link #write}, the others as {@link #get(String, List)}. */
    static WrkRequests mixed(String authorization, List<String> paths, int writeOneIn) {
        return new WrkRequests("mixed.lua", authorization, paths, List.of(Integer.toString(writeOneIn)));
    }

    /** The requests file the scripts read (common.lua): the header's value or {@code -}, then a path a line. */
    String file() {
        return (authorization == null ? "-" : authorization) + "\n" + String.join("\n", paths) + "\n";
    }

    @Override
    public String toString() {
        return "WrkRequests[script=" + script + ", authorization=" + (authorization == null ? "none" : "<redacted>")
                + ", paths=" + paths.size() + ", arguments=" + arguments + "]";
    }
}
