/**
 * The SanctumAI-compatible front door (DESIGN §11 "Compatible doors", {@code docs/API-compat.md}): length-prefixed
 * JSON calls on a Unix socket and/or a loopback TCP port, each method a route served through the one pipeline.
 */
@NullMarked
package dev.arca.server.frontend.sanctum;

import org.jspecify.annotations.NullMarked;
