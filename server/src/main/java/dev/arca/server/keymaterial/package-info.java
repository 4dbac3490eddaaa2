@NullMarked
package dev.arca.server.keymaterial;

import org.jspecify.annotations.NullMarked;
