@NullMarked
package dev.arca.server.frontend.arca;

import org.jspecify.annotations.NullMarked;
