package dev.arca.sdk;

import dev.arca.api.DatabaseSecrets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The request targets of the database engine ({@code docs/API-database.md}), under
 * {@code /v1/vaults/{vault}/{mount}/}: one place for the route table that {@link DatabaseOperations},
 * {@link DynamicOperations} and their async twins send to.
 */
final class DatabaseTargets {
    /** Where the database engine is mounted in every vault. */
    static final String MOUNT = "database";

    private final @Nullable String vault;
    private final String mount;

    DatabaseTargets(@Nullable String vault, String mount) {
        this.vault = vault;
        this.mount = named("engine", mount);
    }

    /** {@code /v1/vaults/{vault}/{mount}/{fixed…}}. */
    RequestTarget at(String... fixed) {
        var target = RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment(mount);
        for (String segment : fixed) {
            target.segment(segment);
        }
        return target;
    }

    /** {@code …/config/{name}[/{then}]}. */
    RequestTarget connection(String name, String... then) {
        var target = at("config").segment(named("connection", name));
        for (String segment : then) {
            target.segment(segment);
        }
        return target;
    }

    /** {@code …/rotate-root/{name}}. */
    RequestTarget rotateRoot(String name) {
        return at("rotate-root").segment(named("connection", name));
    }

    /** {@code …/roles/{name}}. */
    RequestTarget role(String name) {
        return at("roles").segment(named("role", name));
    }

    /** {@code …/creds/{role}}. */
    RequestTarget credentials(String role) {
        return at("creds").segment(named("role", role));
    }

    /** {@code …/static-roles/{name}}. */
    RequestTarget staticRole(String name) {
        return at("static-roles").segment(named("static role", name));
    }

    /** {@code …/static-creds/{name}}. */
    RequestTarget staticCredentials(String name) {
        return at("static-creds").segment(named("static role", name));
    }

    /** {@code …/rotate-role/{name}}. */
    RequestTarget rotateStaticRole(String name) {
        return at("rotate-role").segment(named("static role", name));
    }

    /** The body of {@code POST …/creds/{role}}; a ttl that is not whole positive seconds is refused before sending. */
    static DatabaseSecrets.CredentialsRequest credentialsRequest(@Nullable Duration ttl) {
        return new DatabaseSecrets.CredentialsRequest(LeaseOperations.duration("ttl", ttl));
    }

    /** A path parameter the caller gave: refused when absent or empty, which would call another route. */
    private static String named(String what, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must be given (a name)");
        }
        return value;
    }
}
