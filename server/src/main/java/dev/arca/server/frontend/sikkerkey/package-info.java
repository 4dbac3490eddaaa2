/**
 * The SikkerKey-compatible front door (docs/API-compat.md, DESIGN §11 "Compatible doors"): a listener of its own
 * ({@code sikkerkey_listen}) that the SikkerKey CLI and SDKs speak to unmodified — their per-request Ed25519
 * signatures, their routes and JSON shapes, their {@code {"error": …}} refusals — each route an ordinary
 * {@link dev.arca.server.route.Route} behind the one {@link dev.arca.server.pipeline.Pipeline}, so the seal, limits,
 * authentication, policies and audit are Arca's own.
 */
@NullMarked
package dev.arca.server.frontend.sikkerkey;

import org.jspecify.annotations.NullMarked;
