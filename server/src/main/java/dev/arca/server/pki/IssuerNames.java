package dev.arca.server.pki;

import dev.arca.server.error.ArcaException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Names of issuers and roles: 1-128 letters, digits, '-', '_' and '.', not starting with {@code iss_}. */
public final class IssuerNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private IssuerNames() {}

    public static String check(@Nullable String name) {
        return check(name, "name");
    }

    public static String check(@Nullable String name, String field) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ArcaException.invalid(field, field + " must be 1-128 letters, digits, '.', '_' or '-', starting "
                    + "with a letter or digit");
        }
        if (name.startsWith(IssuerService.ID_PREFIX)) {
            throw ArcaException.invalid(field, "names starting with '" + IssuerService.ID_PREFIX + "' are issuer ids");
        }
        return name;
    }
}
