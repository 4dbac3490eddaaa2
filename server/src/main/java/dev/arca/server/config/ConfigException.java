package dev.arca.server.config;

import org.jspecify.annotations.Nullable;

/** The server's configuration is wrong; the message says which setting and how to fix it. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(@Nullable String message) {
        super(message);
    }
}
