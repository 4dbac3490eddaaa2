package dev.arca.server.auth;

import dev.arca.api.Token;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Requirement;
import dev.arca.server.route.Route;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** {@code /v1/tokens}: create, look up, renew and revoke tokens. */
public final class TokenRoutes {
    /**
     * An orphan is not capped by its creator nor revoked with it, so making one is administration: root, or
     * {@code admin} on the vault's {@code _tokens}.
     */
    private static final Requirement MAKING_ORPHANS = Requirement.when(
            call -> Boolean.TRUE.equals(call.body(Token.Create.class).orphan()),
            Requirement.permission(Permission.ADMIN, TokenRoutes::createResource)).deniedWith(
                    "an orphan token (\"orphan\": true) needs root or admin on _tokens; leave orphan out to make a "
                            + "child of your own token, which ends when yours does");

    private TokenRoutes() {}

    /** @param vaultIdOf resolves a vault name or id to its id (404 when there is none) */
    public static List<Route> routes(TokenService tokens, UnaryOperator<String> vaultIdOf) {
        Function<Call, Resource> self = call -> Resource.global("tokens/self");
        Function<Call, Resource> anyToken = call -> Resource.global("tokens");
        return List.of(
                Route.post("/v1/tokens").operation("token.create")
                        .summary("Create a token (global, or for one vault with its policies)")
                        .authenticated(Permission.CREATE, TokenRoutes::createResource).requires(MAKING_ORPHANS)
                        .body(Token.Create.class).response(Token.Created.class).handle(call -> {
                            Token.Create request = call.body(Token.Create.class);
                            String vaultId = request.vault() == null ? null : vaultIdOf.apply(request.vault());
                            return Reply.created(tokens.create(call.caller(), request, vaultId));
                        }),
                Route.get("/v1/tokens/self").operation("token.lookup-self").summary("Look up the caller's token")
                        .authenticated(Permission.SELF, self).response(Token.class)
                        .handle(call -> Reply.ok(tokens.lookupAccessor(ownAccessor(call)))),
                Route.post("/v1/tokens/renew-self").operation("token.renew-self")
                        .summary("Extend the caller's token (never past its max TTL)")
                        .authenticated(Permission.SELF, self).body(Token.Renew.class).response(Token.class)
                        .handle(call -> {
                            String increment = call.optionalBody(Token.Renew.class).map(Token.Renew::increment)
                                    .orElse(null);
                            return Reply.ok(tokens.renew(ownAccessor(call), increment));
                        }),
                Route.post("/v1/tokens/revoke-self").operation("token.revoke-self")
                        .summary("Revoke the caller's token and every token it created")
                        .authenticated(Permission.SELF, self).handle(call -> {
                            tokens.revokeAccessor(ownAccessor(call));
                            return Reply.noContent();
                        }),
                Route.post("/v1/tokens/lookup").operation("token.lookup").summary("Look up a token")
                        .authenticated(Permission.READ, anyToken).body(Token.Ref.class).response(Token.class)
                        .handle(call -> Reply.ok(lookup(tokens, call))),
                Route.post("/v1/tokens/revoke").operation("token.revoke")
                        .summary("Revoke a token and every token it created")
                        .authenticated(Permission.DELETE, anyToken).body(Token.Ref.class)
                        .handle(call -> revoke(tokens, call)));
    }

    private static Resource createResource(Call call) {
        Token.Create request = call.body(Token.Create.class);
        return request.vault() == null ? Resource.global("tokens") : Resource.inVault(request.vault(), "_tokens");
    }

    private static String ownAccessor(Call call) {
        String accessor = call.caller().tokenAccessor();
        if (accessor == null) {
            throw ArcaException.invalid("token", "this request was not made with a token");
        }
        return accessor;
    }

    private static Token lookup(TokenService tokens, Call call) {
        Token.Ref ref = ref(call);
        return ref.token() != null ? tokens.lookup(ref.token().reveal())
                : tokens.lookupAccessor(Objects.requireNonNull(ref.accessor(), "ref() checked one is given"));
    }

    private static Reply revoke(TokenService tokens, Call call) {
        Token.Ref ref = ref(call);
        if (ref.token() != null) {
            tokens.revoke(ref.token().reveal());
        } else {
            tokens.revokeAccessor(Objects.requireNonNull(ref.accessor(), "ref() checked one is given"));
        }
        return Reply.noContent();
    }

    private static Token.Ref ref(Call call) {
        Token.Ref ref = call.body(Token.Ref.class);
        if ((ref.token() == null) == (ref.accessor() == null)) {
            throw ArcaException.invalid("token", "give exactly one of 'token' and 'accessor'");
        }
        if (ref.token() != null) {
            call.auditSensitive("token", ref.token().reveal());
        } else {
            call.audit("accessor", ref.accessor());
        }
        return ref;
    }
}
