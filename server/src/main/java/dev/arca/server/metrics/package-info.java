@NullMarked
package dev.arca.server.metrics;

import org.jspecify.annotations.NullMarked;
