@NullMarked
package dev.arca.server.watch;

import org.jspecify.annotations.NullMarked;
