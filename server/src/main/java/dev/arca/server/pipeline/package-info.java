@NullMarked
package dev.arca.server.pipeline;

import org.jspecify.annotations.NullMarked;
