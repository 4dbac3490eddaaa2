@NullMarked
package dev.arca.server.policy;

import org.jspecify.annotations.NullMarked;
