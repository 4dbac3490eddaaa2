@NullMarked
package dev.arca.server.use;

import org.jspecify.annotations.NullMarked;
