package dev.arca.server.auth;

import dev.arca.api.Token;
import dev.arca.server.http.ArcaException;
import dev.arca.server.http.Call;
import dev.arca.server.http.Reply;
import dev.arca.server.http.Route;
import java.util.List;

/** {@code /v1/tokens}: create, look up and revoke tokens. */
public final class TokenRoutes {
    private TokenRoutes() {}

    public static List<Route> routes(TokenService tokens) {
        return List.of(
                Route.guarded(Route.Method.POST, "/v1/tokens", "token.create", "Create a token", Permission.CREATE,
                        call -> "tokens", Token.Create.class, Token.Created.class,
                        call -> Reply.created(tokens.create(call.caller(), call.body(Token.Create.class)))),
                Route.guarded(Route.Method.GET, "/v1/tokens/self", "token.lookup-self", "Look up the caller's token",
                        Permission.SELF, call -> "tokens/self", null, Token.class,
                        call -> Reply.ok(tokens.lookupAccessor(call.caller().id()))),
                Route.guarded(Route.Method.POST, "/v1/tokens/lookup", "token.lookup", "Look up a token",
                        Permission.READ, call -> "tokens", Token.Ref.class, Token.class,
                        call -> Reply.ok(lookup(tokens, call))),
                Route.guarded(Route.Method.POST, "/v1/tokens/revoke", "token.revoke",
                        "Revoke a token and every token it created", Permission.DELETE, call -> "tokens",
                        Token.Ref.class, null, call -> revoke(tokens, call)));
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
