package dev.arca.server.rotation;

import dev.arca.api.Durations;
import dev.arca.api.Rotation;
import dev.arca.api.Secret;
import dev.arca.server.database.DatabaseUsers;
import dev.arca.server.error.ArcaException;
import dev.arca.server.secrets.PasswordGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A policy write checked and completed: every refusal a 400 naming the field, raised before anything is stored;
 * the stored body has every default filled in and its durations in their shortest form.
 */
final class PolicyRules {
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final Duration MAX_GRACE = Secret.Rotate.MAX_GRACE;
    static final int DEFAULT_ATTEMPTS = 3;
    static final int MAX_ATTEMPTS = 10;
    static final List<String> DEFAULT_FIELDS = List.of("password");
    private static final PasswordGenerator GENERATOR = new PasswordGenerator(new SecureRandom());

    private PolicyRules() {}

    static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw ArcaException.invalid("name", "a rotation policy name is 1-64 lower-case letters, digits, '_' or "
                    + "'-', starting with a letter or digit");
        }
    }

    /** The completed write; 400 naming the field of the first thing wrong. */
    static Rotation.PolicyWrite completed(Rotation.PolicyWrite write) {
        Schedule schedule = Schedule.of(write.interval(), write.schedule(), write.window());
        Duration grace = write.grace() == null ? Duration.ZERO : Schedule.duration("grace", write.grace());
        if (grace.compareTo(MAX_GRACE) > 0) {
            throw ArcaException.invalid("grace", "grace must be at most " + Durations.format(MAX_GRACE));
        }
        List<String> warnings = warnings(write.warnBefore(), schedule.period());
        String kind = write.kind() == null ? Rotation.GENERATE : write.kind();
        int attempts = write.maxAttempts() == null ? DEFAULT_ATTEMPTS : write.maxAttempts();
        if (attempts < 1 || attempts > MAX_ATTEMPTS) {
            throw ArcaException.invalid("max_attempts", "max_attempts is 1 to " + MAX_ATTEMPTS);
        }
        List<String> fields = null;
        Rotation.Database database = null;
        Secret.Generate generate = null;
        switch (kind) {
            case Rotation.GENERATE -> {
                generate = checkedGenerate(write.generate());
                fields = checkedFields(write.fields());
                refuse(write.database() != null, "database", "'database' is for database policies (kind database)");
            }
            case Rotation.DATABASE -> {
                generate = databaseGenerate(write.generate());
                database = checkedDatabase(write.database());
                refuse(write.fields() != null, "fields", "a database policy sets the field database.password_field, "
                        + "not 'fields'");
            }
            case Rotation.PUSH -> {
                refuse(write.generate() != null, "generate", "a push policy takes its values from callers: leave "
                        + "out 'generate'");
                refuse(write.fields() != null, "fields", "a push policy takes its values from callers: leave out "
                        + "'fields'");
                refuse(write.database() != null, "database", "'database' is for database policies (kind database)");
            }
            default -> throw ArcaException.invalid("kind", "kind is generate, database or push, not '"
                    + quoted(kind) + "'");
        }
        // durations are kept as typed (48h stays 48h), once checked
        return new Rotation.PolicyWrite(write.interval() == null ? null : write.interval().trim(),
                write.schedule() == null ? null : write.schedule().trim(),
                write.window() == null ? null : write.window().trim(),
                grace.isZero() ? null : write.grace().trim(), warnings, kind, generate, fields, database, attempts);
    }

    private static List<String> warnings(@Nullable List<String> points, Duration period) {
        if (points == null) {
            return List.of();
        }
        // the points as typed, latest first, one per duration
        Map<Duration, String> typed = new TreeMap<>(Comparator.reverseOrder());
        for (String point : points) {
            if (point == null) {
                throw ArcaException.invalid("warn_before", "warn_before holds durations, not null");
            }
            Duration before = Schedule.duration("warn_before", point);
            if (before.isZero()) {
                throw ArcaException.invalid("warn_before", "a warn_before point is longer than 0 (the due time "
                        + "itself is always told)");
            }
            if (before.compareTo(period) >= 0) {
                throw ArcaException.invalid("warn_before", "warn_before " + point.trim() + " is not shorter than "
                        + "the period between rotations (" + Durations.format(period) + ")");
            }
            typed.putIfAbsent(before, point.trim());
        }
        return List.copyOf(typed.values());
    }

    private static Secret.@Nullable Generate checkedGenerate(Secret.@Nullable Generate generate) {
        GENERATOR.generate(generate); // refuses options no password can meet, naming the option
        return generate;
    }

    /** A database password's alphabet is fixed (safe in any statement): only its length is chosen. */
    private static Secret.@Nullable Generate databaseGenerate(Secret.@Nullable Generate generate) {
        if (generate == null) {
            return null;
        }
        refuse(generate.lower() != null || generate.upper() != null || generate.digits() != null
                || generate.symbols() != null || generate.exclude() != null, "generate", "a database password is "
                + "drawn from letters, digits and - _ . ~, safe in every statement: only generate.length can be "
                + "chosen");
        refuse(generate.length() != null && !DatabaseUsers.isPasswordLength(generate.length()), "generate.length",
                "a database password is 16 to 128 characters long");
        return generate;
    }

    private static List<String> checkedFields(@Nullable List<String> fields) {
        if (fields == null) {
            return DEFAULT_FIELDS;
        }
        refuse(fields.isEmpty(), "fields", "fields names at least one field to generate");
        Set<String> seen = new HashSet<>();
        for (String field : fields) {
            refuse(field == null || field.isBlank(), "fields", "fields holds field names, not blanks");
            refuse(!seen.add(field), "fields", "field '" + quoted(field) + "' is named twice");
        }
        return List.copyOf(fields);
    }

    private static Rotation.Database checkedDatabase(Rotation.@Nullable Database database) {
        if (database == null || database.connection() == null || database.connection().isBlank()) {
            throw ArcaException.invalid("database.connection", "a database policy names its connection: "
                    + "database.connection");
        }
        String username = database.usernameField() == null ? "username" : database.usernameField();
        String password = database.passwordField() == null ? "password" : database.passwordField();
        refuse(username.isBlank() || password.isBlank() || username.equals(password), "database.password_field",
                "database.username_field and database.password_field are two different field names");
        return new Rotation.Database(database.connection(), username, password,
                database.rotationStatements() == null ? List.of() : List.copyOf(database.rotationStatements()));
    }

    private static void refuse(boolean wrong, String field, String message) {
        if (wrong) {
            throw ArcaException.invalid(field, message);
        }
    }

    private static String quoted(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
