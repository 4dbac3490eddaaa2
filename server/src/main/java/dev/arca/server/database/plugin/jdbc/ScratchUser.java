package dev.arca.server.database.plugin.jdbc;

import dev.arca.api.SecretText;
import dev.arca.server.database.plugin.NewUser;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The user a {@code check} renders a role's creation statements for: a random name, so it cannot be a real user,
 * and a random password, so an error message that quotes a statement shows no real credential.
 */
public final class ScratchUser {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ScratchUser() {}

    public static NewUser make() {
        return new NewUser("arca_check_" + hex(6), SecretText.of(hex(16)), Instant.now().plus(Duration.ofHours(1)));
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
