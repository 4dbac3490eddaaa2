@NullMarked
package dev.arca.server.secrets;

import org.jspecify.annotations.NullMarked;
