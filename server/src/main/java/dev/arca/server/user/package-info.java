@NullMarked
package dev.arca.server.user;

import org.jspecify.annotations.NullMarked;
