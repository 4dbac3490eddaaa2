package dev.arca.api;

/** {@code POST /v1/sys/unseal}: one unseal key, or {@code reset: true} to forget the keys given so far. */
public record UnsealRequest(SecretText key, Boolean reset) {}
