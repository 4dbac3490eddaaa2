@NullMarked
package dev.arca.server.auth;

import org.jspecify.annotations.NullMarked;
