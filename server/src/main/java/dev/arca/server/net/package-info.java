@NullMarked
package dev.arca.server.net;

import org.jspecify.annotations.NullMarked;
