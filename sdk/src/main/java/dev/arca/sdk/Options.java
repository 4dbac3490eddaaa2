package dev.arca.sdk;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The checks the client builders share, so {@link ArcaClient}, {@link Arca} and {@link AgentClient} refuse options
 * alike. A value no client can work with (a zero timeout, negative retries) is an {@link IllegalArgumentException}
 * saying what to give instead; a setting that cannot work here (a missing vault, plain http to a remote host) a
 * {@link ConfigurationException}.
 */
final class Options {
    private Options() {}

    /** A vault name or id, or null for the default. */
    static @Nullable String vault(@Nullable String vault) {
        if (vault != null && vault.isBlank()) {
            throw new ConfigurationException("the vault name must not be blank");
        }
        return vault;
    }

    static Duration timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("the timeout must be positive (for example Duration.ofSeconds(15)), not "
                    + timeout);
        }
        return timeout;
    }

    static int retries(int retries) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more (0 sends each request once), not "
                    + retries);
        }
        return retries;
    }
}
