package dev.arca.server.database.plugin;

import dev.arca.api.SecretText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The placeholders of a role's statements: {@code {{name}}} (also {@code {{username}}}), {@code {{password}}} and
 * {@code {{expiration}}} ({@code 2026-12-02 10:15:30+00}, UTC). Statements are written as in Vault, quotes around
 * the placeholders ({@code CREATE ROLE "{{name}}" … PASSWORD '{{password}}'}); what fills them can never close
 * those quotes, since a name must be {@link #isSafeName safe} and a password {@link #isSafePassword safe} before it
 * is rendered — the engine makes both, and refuses a template that could produce anything else.
 */
public final class Templates {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern SAFE_PASSWORD = Pattern.compile("[A-Za-z0-9_.~-]{8,256}");
    private static final DateTimeFormatter EXPIRATION = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssx")
            .withZone(ZoneOffset.UTC);

    private Templates() {}

    /** A statement for {@code user}: every placeholder filled. */
    public static String render(String statement, NewUser user) {
        return render(statement, user.username(), user.password(), user.expiration());
    }

    /** A statement about an existing user (revocation, renewal, a password change): what it names filled. */
    public static String render(String statement, String username, SecretText password, Instant expiration) {
        requireSafeName(username);
        String secret = password.reveal();
        if (!secret.isEmpty() && !isSafePassword(secret)) {
            throw new IllegalArgumentException("a password outside the safe alphabet reached a statement");
        }
        return statement.replace("{{name}}", username).replace("{{username}}", username)
                .replace("{{password}}", secret).replace("{{expiration}}", EXPIRATION.format(expiration));
    }

    /** A statement naming only the user (revocation): {@code {{password}}} and {@code {{expiration}}} left empty. */
    public static String render(String statement, String username) {
        requireSafeName(username);
        return statement.replace("{{name}}", username).replace("{{username}}", username);
    }

    /** Letters, digits, {@code _ . -}; 1 to 128 characters. */
    public static boolean isSafeName(String name) {
        return SAFE_NAME.matcher(name).matches();
    }

    /** Letters, digits, {@code _ . ~ -}; 8 to 256 characters. */
    public static boolean isSafePassword(String password) {
        return SAFE_PASSWORD.matcher(password).matches();
    }

    /** {@code message} with every occurrence of each password replaced, for an error that quotes a statement. */
    public static String scrub(String message, SecretText... passwords) {
        String scrubbed = message;
        for (SecretText password : passwords) {
            String secret = password.reveal();
            if (!secret.isEmpty()) {
                scrubbed = scrubbed.replace(secret, "[redacted]");
            }
        }
        return scrubbed;
    }

    private static void requireSafeName(String username) {
        if (!isSafeName(username)) {
            throw new IllegalArgumentException("a user name outside the safe alphabet reached a statement");
        }
    }
}
