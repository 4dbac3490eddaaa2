@NullMarked
package dev.arca.server.config;

import org.jspecify.annotations.NullMarked;
