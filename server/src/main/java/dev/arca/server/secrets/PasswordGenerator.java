package dev.arca.server.secrets;

import dev.arca.api.Secret;
import dev.arca.server.error.ArcaException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Random values for rotation, from a {@link SecureRandom}. Each character is drawn with
 * {@link SecureRandom#nextInt(int)} (no modulo bias) from the union of the chosen classes; a draw that misses one of
 * the chosen classes is thrown away and drawn again, so the result is uniform over every string that has at least
 * one character of each chosen class and none of the excluded ones.
 */
public final class PasswordGenerator {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 1024;
    public static final int DEFAULT_LENGTH = 32;
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String DIGITS = "0123456789";
    private static final String SYMBOLS = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private final SecureRandom random;

    public PasswordGenerator(SecureRandom random) {
        this.random = random;
    }

    /** A new random value as {@code spec} asks (null parts take their defaults); 400 naming the bad part. */
    public String generate(Secret.@Nullable Generate spec) {
        Secret.Generate given = spec == null ? new Secret.Generate(null, null, null, null, null, null) : spec;
        int length = given.length() == null ? DEFAULT_LENGTH : given.length();
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw ArcaException.invalid("generate.length", "generate.length must be " + MIN_LENGTH + " to "
                    + MAX_LENGTH);
        }
        String exclude = given.exclude() == null ? "" : given.exclude();
        List<String> classes = new ArrayList<>();
        addClass(classes, given.lower(), "lower", LOWER, exclude);
        addClass(classes, given.upper(), "upper", UPPER, exclude);
        addClass(classes, given.digits(), "digits", DIGITS, exclude);
        addClass(classes, given.symbols(), "symbols", SYMBOLS, exclude);
        if (classes.isEmpty()) {
            throw ArcaException.invalid("generate", "choose at least one of lower, upper, digits and symbols");
        }
        String alphabet = String.join("", classes);
        char[] out = new char[length];
        do {
            for (int i = 0; i < length; i++) {
                out[i] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
        } while (!hasEveryClass(out, classes));
        return new String(out);
    }

    private static void addClass(List<String> classes, @Nullable Boolean chosen, String name, String members,
            String exclude) {
        if (chosen != null && !chosen) {
            return;
        }
        var kept = new StringBuilder();
        members.chars().filter(c -> exclude.indexOf(c) < 0).forEach(c -> kept.append((char) c));
        if (kept.isEmpty()) {
            throw ArcaException.invalid("generate.exclude", "generate.exclude removes every " + name
                    + " character; exclude fewer or turn " + name + " off");
        }
        classes.add(kept.toString());
    }

    private static boolean hasEveryClass(char[] value, List<String> classes) {
        for (String members : classes) {
            boolean found = false;
            for (char c : value) {
                if (members.indexOf(c) >= 0) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }
}
