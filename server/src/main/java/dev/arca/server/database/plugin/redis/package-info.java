/** The Redis plugin of the database engine: users are ACL users, a role's statements are ACL rules. */
@NullMarked
package dev.arca.server.database.plugin.redis;

import org.jspecify.annotations.NullMarked;
