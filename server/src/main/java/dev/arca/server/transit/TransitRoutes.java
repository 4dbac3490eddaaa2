package dev.arca.server.transit;

import static dev.arca.server.secrets.SecretAddress.path;
import static dev.arca.server.secrets.SecretAddress.vault;

import dev.arca.api.TransitKey;
import dev.arca.server.auth.Permission;
import dev.arca.server.http.Reply;
import dev.arca.server.http.Route;
import dev.arca.server.secrets.SecretAddress;
import java.util.List;

/**
 * Transit keys by path ({@code /v1/vaults/{vault}/transit/…}), authorized on the key's path as a secret's path is
 * (a policy on {@code app/**} covers both); the keys themselves are no secrets and no secret route reaches them.
 * The router matches {@code …/rotate} and {@code …/export} before the plain routes ({@code http.RouteOrder}), so
 * {@code POST …/app/k/rotate} rotates {@code app/k}; {@code rotate} and {@code export} can therefore not be the last
 * segment of a key's path.
 * Encrypting and decrypting are {@code use} operations ({@link TransitOperations}).
 */
public final class TransitRoutes {
    private static final String BY_PATH = "/v1/vaults/{vault}/transit/<path>";

    private TransitRoutes() {}

    static List<Route> routes(TransitService transit) {
        return List.of(
                Route.guarded(Route.Method.POST, BY_PATH + "/rotate", "transit.rotate",
                        "Rotate a transit key: a new latest version; older ciphertexts still decrypt",
                        Permission.ROTATE, SecretAddress::resource, null, TransitKey.class,
                        call -> Reply.ok(transit.rotate(vault(call), path(call), call.caller()))),
                Route.guarded(Route.Method.GET, BY_PATH + "/export", "transit.export",
                        "Export the raw keys of a transit key created exportable", Permission.READ,
                        SecretAddress::resource, null, TransitKey.Export.class,
                        call -> Reply.ok(transit.export(vault(call), path(call)))),
                Route.guarded(Route.Method.POST, BY_PATH, "transit.create",
                        "Create a transit key (aes256-gcm or chacha20-poly1305), made inside the vault",
                        Permission.CREATE, SecretAddress::resource, TransitKey.Create.class, TransitKey.class,
                        call -> Reply.created(transit.create(vault(call), path(call),
                                call.optionalBody(TransitKey.Create.class).orElse(new TransitKey.Create(null, null)),
                                call.caller()))),
                Route.guarded(Route.Method.GET, BY_PATH, "transit.read",
                        "Describe a transit key: algorithm, versions, min_decryption_version (never its keys)",
                        Permission.READ, SecretAddress::resource, null, TransitKey.class,
                        call -> Reply.ok(transit.read(vault(call), path(call)))),
                Route.guarded(Route.Method.PATCH, BY_PATH, "transit.update",
                        "Change a transit key's min_decryption_version", Permission.UPDATE, SecretAddress::resource,
                        TransitKey.Update.class, TransitKey.class,
                        call -> Reply.ok(transit.update(vault(call), path(call), call.body(TransitKey.Update.class),
                                call.caller()))),
                Route.guarded(Route.Method.DELETE, BY_PATH, "transit.delete",
                        "Delete a transit key and every version of it, for good: its ciphertexts never decrypt again",
                        Permission.DELETE, SecretAddress::resource, null, null,
                        call -> {
                            transit.delete(vault(call), path(call));
                            return Reply.noContent();
                        }));
    }
}
