package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Options of {@link Arca#bootstrapInMemory(String, String, BootstrapOptions)}, immutable; built with
 * {@link #builder()}. Unset values fall back to the environment when the bootstrap runs.
 */
public final class BootstrapOptions {
    private final @Nullable String hostname;
    private final @Nullable String name;
    private final @Nullable String apiUrl;

    private BootstrapOptions(Builder builder) {
        this.hostname = builder.hostname;
        this.name = builder.name;
        this.apiUrl = builder.apiUrl;
    }

    /** A builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** No option set: every value from the environment or its default. */
    public static BootstrapOptions defaults() {
        return new Builder().build();
    }

    /** The hostname given, else {@code $HOSTNAME}, else {@code serverless}. */
    String hostname(Map<String, String> env) {
        if (hostname != null) {
            return hostname;
        }
        String fromEnv = env.get("HOSTNAME");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : "serverless";
    }

    /** The machine name asked for; null lets the server (or the token's name pattern) choose. */
    @Nullable String name() {
        return name;
    }

    /** The address given, else {@code $ARCA_ADDR}, else {@value ArcaClient#DEFAULT_ADDRESS}. */
    String apiUrl(Map<String, String> env) {
        if (apiUrl != null) {
            return apiUrl;
        }
        String fromEnv = env.get("ARCA_ADDR");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : ArcaClient.DEFAULT_ADDRESS;
    }

    @Override
    public String toString() {
        return "BootstrapOptions[hostname=" + hostname + ", name=" + name + ", apiUrl=" + apiUrl + "]";
    }

    /** Builds {@link BootstrapOptions}. */
    public static final class Builder {
        private @Nullable String hostname;
        private @Nullable String name;
        private @Nullable String apiUrl;

        private Builder() {}

        /** This host's name, checked against the enrollment token's hostname pattern. */
        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        /** The machine name to ask for. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The server's address, e.g. {@code https://arca.example.com}. */
        public Builder apiUrl(String apiUrl) {
            this.apiUrl = apiUrl;
            return this;
        }

        /** The options. */
        public BootstrapOptions build() {
            return new BootstrapOptions(this);
        }
    }
}
