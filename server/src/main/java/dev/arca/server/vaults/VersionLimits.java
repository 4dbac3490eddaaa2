package dev.arca.server.vaults;

import dev.arca.server.error.ArcaException;
import org.jspecify.annotations.Nullable;

/** How many versions a secret may keep: a secret's, a project's or a vault's {@code max_versions}. */
public final class VersionLimits {
    public static final int MIN = 1;
    public static final int MAX = 1000;

    private VersionLimits() {}

    /** {@code null} (not given) passes; otherwise 400 naming {@code max_versions} unless 1..1000. */
    public static @Nullable Integer check(@Nullable Integer maxVersions) {
        if (maxVersions != null && (maxVersions < MIN || maxVersions > MAX)) {
            throw ArcaException.invalid("max_versions", "max_versions must be " + MIN + " to " + MAX);
        }
        return maxVersions;
    }
}
