package dev.arca.server.vaults;

import dev.arca.server.error.ArcaException;
import java.util.regex.Pattern;

/** The rule for vault and project names, which appear in paths and on the command line. */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private Names() {}

    /** Checks a name; 400 naming {@code field} when it breaks the rule. */
    public static String check(String field, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ArcaException.invalid(field, field + " must be 1-64 characters of letters, digits, '_', '.' and "
                    + "'-', starting with a letter or digit");
        }
        return name;
    }
}
