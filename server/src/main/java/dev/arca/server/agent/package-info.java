@NullMarked
package dev.arca.server.agent;

import org.jspecify.annotations.NullMarked;
