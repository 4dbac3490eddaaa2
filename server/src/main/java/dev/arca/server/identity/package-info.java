@NullMarked
package dev.arca.server.identity;

import org.jspecify.annotations.NullMarked;
