@NullMarked
package dev.arca.server.access;

import org.jspecify.annotations.NullMarked;
