/**
 * Per-node read caches and the one seam through which they hear that what they hold has changed: writers publish
 * an {@link dev.arca.server.invalidation.Invalidation} once their change commits, {@link
 * dev.arca.server.invalidation.Invalidations} hands it to every cache of this node, and an {@link
 * dev.arca.server.invalidation.InvalidatedCache} never keeps a value read before a change it has heard of.
 */
@NullMarked
package dev.arca.server.invalidation;

import org.jspecify.annotations.NullMarked;
