@NullMarked
package dev.arca.server.route;

import org.jspecify.annotations.NullMarked;
