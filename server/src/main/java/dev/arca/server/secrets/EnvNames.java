package dev.arca.server.secrets;

/**
 * How secret names and field names become environment variable names, in one place: ASCII letters are upper-cased,
 * digits kept, every other character (a path's {@code /}, {@code -}, {@code .}, anything non-ASCII) becomes
 * {@code _}, runs of {@code _} collapse to one and leading or trailing {@code _} are dropped. So {@code db/main}
 * → {@code DB_MAIN}, {@code api-key} → {@code API_KEY}. A name whose flattening is empty or starts with a digit
 * is not {@link #usable usable}: field names are refused at write time for that reason, so export never meets one.
 */
public final class EnvNames {
    private EnvNames() {}

    /** The upper-snake flattening of {@code name}; may be empty or start with a digit (see {@link #usable}). */
    public static String of(String name) {
        var out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                out.append(Character.toUpperCase(c));
            } else if (!out.isEmpty() && out.charAt(out.length() - 1) != '_') {
                out.append('_');
            }
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '_') {
            end--;
        }
        return out.substring(0, end);
    }

    /** Whether {@code name} flattens to a valid environment name: non-empty and not starting with a digit. */
    public static boolean usable(String name) {
        String flat = of(name);
        return !flat.isEmpty() && !Character.isDigit(flat.charAt(0));
    }
}
