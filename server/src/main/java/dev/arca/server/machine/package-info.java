@NullMarked
package dev.arca.server.machine;

import org.jspecify.annotations.NullMarked;
