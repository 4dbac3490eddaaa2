package dev.arca.sdk;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The checks the client builders share, so {@link ArcaClient} and {@link AgentClient} refuse options alike. */
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
            throw new ConfigurationException("the timeout must be positive, not " + timeout);
        }
        return timeout;
    }

    static int retries(int retries) {
        if (retries < 0) {
            throw new ConfigurationException("retries must be 0 or more, not " + retries);
        }
        return retries;
    }
}
