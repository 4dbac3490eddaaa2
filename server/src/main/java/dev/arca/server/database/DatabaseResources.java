package dev.arca.server.database;

import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import java.util.function.Function;

/**
 * The reserved paths database routes are authorized on ({@code docs/API-database.md}), in Vault's shape:
 * {@code _database/config/{name}}, {@code _database/roles/{name}}, {@code _database/creds/{role}}, …
 */
final class DatabaseResources {
    static final String ROOT = "_database/";

    private DatabaseResources() {}

    /** {@code _database/{area}} of the call's vault: listing an area. */
    static Function<Call, Resource> area(String area) {
        return call -> Resource.inVault(vault(call), ROOT + area);
    }

    /** {@code _database/{area}/{path parameter}} of the call's vault: one named thing. */
    static Function<Call, Resource> named(String area, String parameter) {
        return call -> Resource.inVault(vault(call), ROOT + area + "/" + call.pathParam(parameter));
    }

    static String vault(Call call) {
        return call.pathParam("vault");
    }
}
