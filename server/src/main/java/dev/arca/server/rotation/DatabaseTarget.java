package dev.arca.server.rotation;

import dev.arca.api.Rotation;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.server.database.DatabaseUsers;
import dev.arca.server.error.ArcaException;
import dev.arca.server.secrets.PasswordGenerator;
import dev.arca.server.secrets.SecretValue;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A database policy: the secret holds a database user's name and password; a run generates a password, sets it
 * on the vault's connection ({@code ALTER ROLE …}), logs in with it, and only then is it the current version.
 */
final class DatabaseTarget implements RotationTarget {
    private final String vaultId;
    private final Rotation.Database database;
    private final Secret.@Nullable Generate options;
    private final DatabaseUsers users;
    private final PasswordGenerator generator;

    DatabaseTarget(String vaultId, Rotation.Database database, Secret.@Nullable Generate options,
            DatabaseUsers users, PasswordGenerator generator) {
        this.vaultId = vaultId;
        this.database = database;
        this.options = options;
        this.users = users;
        this.generator = generator;
    }

    /** 409 unless {@code current} names an existing user of the policy's connection in its fields. */
    void checkAssignable(Secret current) {
        String username;
        try {
            username = username(current);
        } catch (RunFailure e) {
            throw ArcaException.conflict(e.getMessage());
        }
        users.check(vaultId, database.connection(), username);
    }

    @Override
    public Candidate candidate(Secret current) {
        Map<String, String> next = new TreeMap<>(fields(current));
        username(current);
        next.put(passwordField(), generator.generate(options));
        return Candidate.fields(current.type(), next);
    }

    @Override
    public void set(Secret current, Candidate candidate) {
        try {
            users.setPassword(vaultId, database.connection(), username(current), password(candidate),
                    Objects.requireNonNullElse(database.rotationStatements(), List.of()));
        } catch (DatabaseUsers.Refused e) {
            throw RunFailure.retry("database connection " + database.connection() + " refused the new password: "
                    + e.getMessage());
        } catch (ArcaException e) {
            throw RunFailure.retry(e.getMessage());
        }
    }

    @Override
    public boolean test(Secret current, Candidate candidate) {
        return logsIn(current, password(candidate));
    }

    @Override
    public boolean holds(Secret current, Candidate candidate) {
        String stored = fields(current).get(passwordField());
        return (stored == null || !logsIn(current, SecretText.of(stored))) && logsIn(current, password(candidate));
    }

    @Override
    public boolean finishesFromBase() {
        return false;
    }

    @Override
    public boolean setMayLinger() {
        return true;
    }

    private boolean logsIn(Secret current, SecretText password) {
        try {
            return users.logsIn(vaultId, database.connection(), username(current), password);
        } catch (ArcaException e) {
            return false;
        }
    }

    private Map<String, String> fields(Secret current) {
        Map<String, String> fields = SecretText.revealAll(current.fields());
        if (!SecretValue.isStructured(current.type()) || fields == null) {
            throw RunFailure.lasting("secret " + current.path() + " holds a single value; a database policy "
                    + "rotates structured secrets with the fields " + usernameField() + " and " + passwordField());
        }
        return fields;
    }

    private String username(Secret current) {
        Map<String, String> fields = fields(current);
        String username = fields.get(usernameField());
        if (username == null || !fields.containsKey(passwordField())) {
            throw RunFailure.lasting("secret " + current.path() + " needs the fields " + usernameField() + " and "
                    + passwordField() + " for database policy rotation");
        }
        return username;
    }

    private SecretText password(Candidate candidate) {
        return SecretText.of(Objects.requireNonNull(candidate.field(passwordField()), "a database candidate has "
                + "its password field"));
    }

    private String usernameField() {
        return Objects.requireNonNullElse(database.usernameField(), "username");
    }

    private String passwordField() {
        return Objects.requireNonNullElse(database.passwordField(), "password");
    }
}
