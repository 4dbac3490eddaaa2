/**
 * Snapshots of the whole database ({@code arca operator snapshot save|restore}, {@code /v1/sys/storage/snapshot}):
 * a logical, backend-neutral stream taken in one consistent read while writes go on, and restored into a server that
 * is not initialized, on either backend (DESIGN §11 "Snapshots").
 */
@NullMarked
package dev.arca.server.snapshot;

import org.jspecify.annotations.NullMarked;
