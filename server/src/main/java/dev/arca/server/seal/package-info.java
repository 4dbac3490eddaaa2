@NullMarked
package dev.arca.server.seal;

import org.jspecify.annotations.NullMarked;
