package dev.arca.server.database;

import dev.arca.api.SecretText;
import java.security.SecureRandom;

/**
 * Generated database passwords: letters, digits and {@code -_.~} from {@link SecureRandom} — about 6.1 bits a
 * character, so the default 24 carry 146 bits — and nothing a statement would have to quote.
 */
final class Passwords {
    static final int DEFAULT_LENGTH = 24;
    static final int MIN_LENGTH = 16;
    static final int MAX_LENGTH = 128;
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {}

    static SecretText generate(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        // a leading '-' could read as an option to a command-line client the user pastes it into
        if (chars[0] == '-') {
            chars[0] = 'A';
        }
        return SecretText.of(new String(chars));
    }
}
