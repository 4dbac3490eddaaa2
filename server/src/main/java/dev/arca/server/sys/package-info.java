@NullMarked
package dev.arca.server.sys;

import org.jspecify.annotations.NullMarked;
