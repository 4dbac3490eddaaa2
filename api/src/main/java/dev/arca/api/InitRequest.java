package dev.arca.api;

/** {@code POST /v1/sys/init}: how many unseal keys to make and how many it takes to unseal. */
public record InitRequest(Integer shares, Integer threshold) {}
