@NullMarked
package dev.arca.api;

import org.jspecify.annotations.NullMarked;
