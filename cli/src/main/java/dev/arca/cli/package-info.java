@NullMarked
package dev.arca.cli;

import org.jspecify.annotations.NullMarked;
