@NullMarked
package dev.arca.server.engine;

import org.jspecify.annotations.NullMarked;
