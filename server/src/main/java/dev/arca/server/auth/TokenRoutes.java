package dev.arca.server.auth;

import dev.arca.api.Token;
import dev.arca.server.http.ArcaException;
import dev.arca.server.http.Call;
import dev.arca.server.http.ErrorCode;
import dev.arca.server.http.Guard;
import dev.arca.server.http.Reply;
import dev.arca.server.http.Route;
import java.util.List;
import java.util.function.UnaryOperator;

/** {@code /v1/tokens}: create, look up, renew and revoke tokens. */
public final class TokenRoutes {
    private TokenRoutes() {}

    /**
     * @param vaultIdOf resolves a vault name or id to its id (404 when there is none)
     * @param guard decides whether a creator may make an orphan ({@code admin} on {@code _tokens})
     */
    public static List<Route> routes(TokenService tokens, UnaryOperator<String> vaultIdOf, Guard guard) {
        return List.of(
                Route.guarded(Route.Method.POST, "/v1/tokens", "token.create",
                        "Create a token (global, or for one vault with its policies)", Permission.CREATE,
                        TokenRoutes::createResource, Token.Create.class, Token.Created.class, call -> {
                            Token.Create request = call.body(Token.Create.class);
                            if (Boolean.TRUE.equals(request.orphan())) {
                                checkMayMakeOrphans(call, guard);
                            }
                            String vaultId = request.vault() == null ? null : vaultIdOf.apply(request.vault());
                            return Reply.created(tokens.create(call.caller(), request, vaultId));
                        }),
                Route.guarded(Route.Method.GET, "/v1/tokens/self", "token.lookup-self", "Look up the caller's token",
                        Permission.SELF, call -> Resource.global("tokens/self"), null, Token.class,
                        call -> Reply.ok(tokens.lookupAccessor(ownAccessor(call)))),
                Route.guarded(Route.Method.POST, "/v1/tokens/renew-self", "token.renew-self",
                        "Extend the caller's token (never past its max TTL)", Permission.SELF,
                        call -> Resource.global("tokens/self"), Token.Renew.class, Token.class, call -> {
                            String increment = call.optionalBody(Token.Renew.class).map(Token.Renew::increment)
                                    .orElse(null);
                            return Reply.ok(tokens.renew(ownAccessor(call), increment));
                        }),
                Route.guarded(Route.Method.POST, "/v1/tokens/revoke-self", "token.revoke-self",
                        "Revoke the caller's token and every token it created", Permission.SELF,
                        call -> Resource.global("tokens/self"), null, null, call -> {
                            tokens.revokeAccessor(ownAccessor(call));
                            return Reply.noContent();
                        }),
                Route.guarded(Route.Method.POST, "/v1/tokens/lookup", "token.lookup", "Look up a token",
                        Permission.READ, call -> Resource.global("tokens"), Token.Ref.class, Token.class,
                        call -> Reply.ok(lookup(tokens, call))),
                Route.guarded(Route.Method.POST, "/v1/tokens/revoke", "token.revoke",
                        "Revoke a token and every token it created", Permission.DELETE,
                        call -> Resource.global("tokens"), Token.Ref.class, null, call -> revoke(tokens, call)));
    }

    private static Resource createResource(Call call) {
        Token.Create request = call.body(Token.Create.class);
        return request.vault() == null ? Resource.global("tokens") : Resource.inVault(request.vault(), "_tokens");
    }

    /**
     * An orphan is not capped by its creator nor revoked with it, so making one is administration: root, or
     * {@code admin} on the vault's {@code _tokens}.
     */
    private static void checkMayMakeOrphans(Call call, Guard guard) {
        try {
            guard.authorize(call.caller(), createResource(call), Permission.ADMIN, call.sourceIp());
        } catch (ArcaException refused) {
            if (refused.code() != ErrorCode.ACCESS_DENIED) {
                throw refused;
            }
            throw ArcaException.denied("an orphan token (\"orphan\": true) needs root or admin on _tokens; leave "
                    + "orphan out to make a child of your own token, which ends when yours does");
        }
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
        return ref.token() != null ? tokens.lookup(ref.token()) : tokens.lookupAccessor(ref.accessor());
    }

    private static Reply revoke(TokenService tokens, Call call) {
        Token.Ref ref = ref(call);
        if (ref.token() != null) {
            tokens.revoke(ref.token());
        } else {
            tokens.revokeAccessor(ref.accessor());
        }
        return Reply.noContent();
    }

    private static Token.Ref ref(Call call) {
        Token.Ref ref = call.body(Token.Ref.class);
        if ((ref.token() == null) == (ref.accessor() == null)) {
            throw ArcaException.invalid("token", "give exactly one of 'token' and 'accessor'");
        }
        if (ref.token() != null) {
            call.auditSensitive("token", ref.token());
        } else {
            call.audit("accessor", ref.accessor());
        }
        return ref;
    }
}
