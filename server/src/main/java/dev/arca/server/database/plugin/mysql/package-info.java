@NullMarked
package dev.arca.server.database.plugin.mysql;

import org.jspecify.annotations.NullMarked;
