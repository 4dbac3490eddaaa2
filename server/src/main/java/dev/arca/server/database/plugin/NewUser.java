package dev.arca.server.database.plugin;

import dev.arca.api.SecretText;
import java.time.Instant;

/**
 * A user a role's creation statements make: its generated name and password and when its lease ends. Names come
 * only from the role's username template and passwords only from the password policy, both restricted to
 * characters that need no quoting ({@link Templates}), so a statement cannot be broken out of.
 */
public record NewUser(String username, SecretText password, Instant expiration) {}
