package dev.arca.api;

/** {@code GET /v1/sys/health}: 200 when active, 503 when sealed, 501 when not initialized. */
public record Health(boolean initialized, boolean sealed, String version) {}
