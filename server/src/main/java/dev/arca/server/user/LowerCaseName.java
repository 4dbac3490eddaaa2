package dev.arca.server.user;

import dev.arca.server.error.ArcaException;
import java.util.regex.Pattern;

/** Usernames and group names: lower case, so that two names never differ only in case. */
final class LowerCaseName {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private LowerCaseName() {}

    static boolean matches(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The name, or 400 naming {@code field}. */
    static String check(String field, String name) {
        if (!matches(name)) {
            throw ArcaException.invalid(field, field + " must be 1-64 characters of a-z, 0-9, '.', '_' and '-', "
                    + "starting with a letter or digit");
        }
        return name;
    }
}
