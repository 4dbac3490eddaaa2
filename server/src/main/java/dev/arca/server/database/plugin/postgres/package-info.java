@NullMarked
package dev.arca.server.database.plugin.postgres;

import org.jspecify.annotations.NullMarked;
