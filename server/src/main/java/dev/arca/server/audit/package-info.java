@NullMarked
package dev.arca.server.audit;

import org.jspecify.annotations.NullMarked;
