package dev.arca.server.database;

import static dev.arca.server.database.DatabaseResources.named;
import static dev.arca.server.database.DatabaseResources.vault;

import dev.arca.api.DatabaseSecrets;
import dev.arca.server.identity.Permission;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Credentials ({@code GET …/database/creds/{role}?ttl=}, as Vault's, or {@code POST} with a body), authorized with
 * {@code read} on {@code _database/creds/{role}}. The user is made before the request's transaction; the lease is
 * stored in it, and its id is on the audit entry — never the password.
 */
final class CredsRoutes {
    private static final String CREDS = DatabaseEngine.PREFIX + "/creds/{role}";

    /** {@code ?ttl=}: how long the credential should live (default the role's). */
    record TtlQuery(Optional<String> ttl) {}

    private CredsRoutes() {}

    static List<Route> routes(CredentialService credentials) {
        return List.of(
                Route.get(CREDS).operation("database.creds")
                        .summary("New database credentials on a lease (ttl default the role's)")
                        .authenticated(Permission.READ, named("creds", "role")).query(TtlQuery.class)
                        .response(DatabaseSecrets.Credentials.class)
                        .prepareThenHandle(call -> issue(credentials, call,
                                call.query(TtlQuery.class).ttl().orElse(null))),
                Route.post(CREDS).operation("database.creds.create")
                        .summary("New database credentials on a lease (body {ttl})")
                        .authenticated(Permission.READ, named("creds", "role"))
                        .body(DatabaseSecrets.CredentialsRequest.class).response(DatabaseSecrets.Credentials.class)
                        .prepareThenHandle(call -> issue(credentials, call,
                                call.optionalBody(DatabaseSecrets.CredentialsRequest.class)
                                        .map(DatabaseSecrets.CredentialsRequest::ttl).orElse(null))));
    }

    private static Route.Handler issue(CredentialService credentials, Call call, @Nullable String ttl) {
        var made = credentials.prepare(vault(call), call.pathParam("role"), ttl, call.caller());
        return inTransaction -> {
            DatabaseSecrets.Credentials issued = made.get();
            inTransaction.audit("lease", issued.leaseId());
            inTransaction.audit("database.username", issued.data().username());
            return Reply.ok(issued);
        };
    }
}
