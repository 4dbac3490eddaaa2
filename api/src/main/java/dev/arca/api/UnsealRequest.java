package dev.arca.api;

import org.jspecify.annotations.Nullable;

/** {@code POST /v1/sys/unseal}: one unseal key, or {@code reset: true} to forget the keys given so far. */
public record UnsealRequest(@Nullable SecretText key, @Nullable Boolean reset) {}
