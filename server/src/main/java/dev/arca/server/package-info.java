@NullMarked
package dev.arca.server;

import org.jspecify.annotations.NullMarked;
