@NullMarked
package dev.arca.server.frontend.http;

import org.jspecify.annotations.NullMarked;
