@NullMarked
package dev.arca.server.client;

import org.jspecify.annotations.NullMarked;
