@NullMarked
package dev.arca.server.jobs;

import org.jspecify.annotations.NullMarked;
