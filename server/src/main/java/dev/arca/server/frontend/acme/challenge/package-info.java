/**
 * How Arca's ACME server checks challenges (RFC 8555 §8, RFC 8737, RFC 8738): {@link
 * dev.arca.server.frontend.acme.challenge.ChallengeValidators} builds one validator per challenge type from the
 * server's ACME settings; every DNS question goes to the configured resolver and every connection to an address the
 * {@link dev.arca.server.frontend.acme.challenge.AddressPolicy} allows.
 */
@NullMarked
package dev.arca.server.frontend.acme.challenge;

import org.jspecify.annotations.NullMarked;
