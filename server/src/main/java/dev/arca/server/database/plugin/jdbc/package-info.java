@NullMarked
package dev.arca.server.database.plugin.jdbc;

import org.jspecify.annotations.NullMarked;
