package dev.arca.server.transit;

import static dev.arca.server.secrets.SecretAddress.path;
import static dev.arca.server.secrets.SecretAddress.vault;

import dev.arca.api.TransitKey;
import dev.arca.api.Use;
import dev.arca.server.identity.Permission;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import dev.arca.server.secrets.SecretAddress;
import java.util.List;

/**
 * Transit keys by path ({@code /v1/vaults/{vault}/transit/…}), managed and used at that one address, as OpenBao's
 * transit engine does: authorized on the key's path as a secret's path is (a policy on {@code app/**} covers both);
 * the keys themselves are no secrets and no secret route reaches them. The router matches the suffixed routes
 * ({@code …/rotate}, {@code …/encrypt}…) before the plain ones ({@code frontend.http.RouteOrder}), so
 * {@code POST …/app/k/rotate} rotates {@code app/k}; none of those suffixes can therefore be the last segment of a
 * key's path.
 *
 * <p>Encrypt, decrypt and rewrap need {@code use}, the permission they needed as operations of the use route, and run
 * outside a write transaction (they change nothing); their audit entries carry {@code use.operation} as before.
 */
public final class TransitRoutes {
    private static final String BY_PATH = "/v1/vaults/{vault}/transit/<path>";
    /** The audit detail encrypt, decrypt and rewrap had as use operations: a search of the trail still finds them. */
    private static final String AUDITED_AS = "use.operation";

    private TransitRoutes() {}

    static List<Route> routes(TransitService transit) {
        return List.of(
                Route.post(BY_PATH + "/rotate").operation("transit.rotate")
                        .summary("Rotate a transit key: a new latest version; older ciphertexts still decrypt")
                        .authenticated(Permission.ROTATE, SecretAddress::resource).response(TransitKey.class)
                        .handle(call -> Reply.ok(transit.rotate(vault(call), path(call), call.caller()))),
                Route.get(BY_PATH + "/export").operation("transit.export")
                        .summary("Export the raw keys of a transit key created exportable")
                        .authenticated(Permission.READ, SecretAddress::resource).response(TransitKey.Export.class)
                        .handle(call -> Reply.ok(transit.export(vault(call), path(call)))),
                keyUse(Use.ENCRYPT, "Encrypt with the key's latest version; the key never leaves the vault",
                        TransitKey.Encrypt.class, Use.Ciphertext.class, transit::encrypt),
                keyUse(Use.DECRYPT, "Decrypt a ciphertext of the key made with the same context",
                        TransitKey.Decrypt.class, Use.Plaintext.class, transit::decrypt),
                keyUse(Use.REWRAP, "Encrypt a ciphertext again under the latest version; the plaintext stays inside",
                        TransitKey.Decrypt.class, Use.Ciphertext.class, transit::rewrap),
                Route.post(BY_PATH).operation("transit.create")
                        .summary("Create a transit key (aes256-gcm or chacha20-poly1305), made inside the vault")
                        .authenticated(Permission.CREATE, SecretAddress::resource).body(TransitKey.Create.class)
                        .response(TransitKey.class)
                        .handle(call -> Reply.created(transit.create(vault(call), path(call),
                                call.optionalBody(TransitKey.Create.class).orElse(new TransitKey.Create(null, null)),
                                call.caller()))),
                Route.get(BY_PATH).operation("transit.read")
                        .summary("Describe a transit key: algorithm, versions, min_decryption_version (never its keys)")
                        .authenticated(Permission.READ, SecretAddress::resource).response(TransitKey.class)
                        .handle(call -> Reply.ok(transit.read(vault(call), path(call)))),
                Route.patch(BY_PATH).operation("transit.update")
                        .summary("Change a transit key's min_decryption_version")
                        .authenticated(Permission.UPDATE, SecretAddress::resource).body(TransitKey.Update.class)
                        .response(TransitKey.class)
                        .handle(call -> Reply.ok(transit.update(vault(call), path(call),
                                call.body(TransitKey.Update.class), call.caller()))),
                Route.delete(BY_PATH).operation("transit.delete")
                        .summary("Delete a transit key and every version of it, for good: its ciphertexts never "
                                + "decrypt again")
                        .authenticated(Permission.DELETE, SecretAddress::resource)
                        .handle(call -> {
                            transit.delete(vault(call), path(call));
                            return Reply.noContent();
                        }));
    }

    /** What encrypt, decrypt and rewrap do with the key at a path and the request's body. */
    @FunctionalInterface
    private interface KeyOperation<T> {
        Object apply(String vault, String path, T request);
    }

    /** {@code POST …/transit/<path>/<operation>}: a use of the key, changing nothing, audited as that use. */
    private static <T> Route keyUse(String operation, String summary, Class<T> body, Class<?> answer,
            KeyOperation<T> apply) {
        return Route.post(BY_PATH + "/" + operation).operation("transit." + operation).summary(summary)
                .authenticated(Permission.USE, SecretAddress::resource).body(body).response(answer).readingOnly()
                .handle(call -> {
                    call.audit(AUDITED_AS, operation);
                    return Reply.ok(apply.apply(vault(call), path(call), call.body(body)));
                });
    }
}
