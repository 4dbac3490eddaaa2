@NullMarked
package dev.arca.server.error;

import org.jspecify.annotations.NullMarked;
