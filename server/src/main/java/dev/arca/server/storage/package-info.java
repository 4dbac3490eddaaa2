@NullMarked
package dev.arca.server.storage;

import org.jspecify.annotations.NullMarked;
