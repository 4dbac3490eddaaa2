/**
 * The ACME client engine, mounted in every vault at {@code /v1/vaults/{vault}/acme/…}: accounts at ACME CAs, DNS
 * providers for {@code dns-01}, and managed certificates obtained and renewed with acme4j and kept as
 * {@code certificate} secrets ({@link dev.arca.server.acme.AcmeClientEngine}). Account keys, TSIG secrets and
 * certificate keys in flight live only in the key-material store under engine {@code acme}.
 */
@NullMarked
package dev.arca.server.acme;

import org.jspecify.annotations.NullMarked;
