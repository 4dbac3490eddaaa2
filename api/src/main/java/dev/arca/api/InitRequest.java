package dev.arca.api;

import org.jspecify.annotations.Nullable;

/** {@code POST /v1/sys/init}: how many unseal keys to make and how many it takes to unseal. */
public record InitRequest(@Nullable Integer shares, @Nullable Integer threshold) {}
