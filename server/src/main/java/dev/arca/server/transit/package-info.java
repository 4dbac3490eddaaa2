@NullMarked
package dev.arca.server.transit;

import org.jspecify.annotations.NullMarked;
