@NullMarked
package dev.arca.server.vaults;

import org.jspecify.annotations.NullMarked;
