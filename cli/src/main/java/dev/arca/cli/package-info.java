/**
 * The {@code arca} command (picocli): {@code arca server} starts the server; every other command is a client of the
 * HTTP API through the SDK.
 */
@NullMarked
package dev.arca.cli;

import org.jspecify.annotations.NullMarked;
