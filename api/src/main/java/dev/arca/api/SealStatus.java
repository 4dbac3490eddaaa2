package dev.arca.api;

/**
 * {@code GET /v1/sys/seal-status} and the answer to {@code POST /v1/sys/unseal}.
 *
 * @param progress how many valid, distinct unseal keys have been given towards the threshold
 */
public record SealStatus(boolean initialized, boolean sealed, int shares, int threshold, int progress, String version) {}
