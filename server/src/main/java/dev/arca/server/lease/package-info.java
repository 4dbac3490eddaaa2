@NullMarked
package dev.arca.server.lease;

import org.jspecify.annotations.NullMarked;
