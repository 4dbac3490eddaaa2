/**
 * Arca's ACME server (RFC 8555) in front of each vault's PKI engine: {@link dev.arca.server.frontend.acme.AcmeServer}
 * builds the {@link dev.arca.server.frontend.acme.AcmeDoor} and its route table, which share the listener and the
 * pipeline with the Arca door; requests prove themselves with a JWS checked here, nonces live in the database, and
 * challenges are validated off any transaction by the validators of {@code challenge}.
 */
@NullMarked
package dev.arca.server.frontend.acme;

import org.jspecify.annotations.NullMarked;
