package dev.arca.server.client;

import dev.arca.api.Client;
import dev.arca.api.Token;
import dev.arca.server.error.ArcaException;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /v1/auth/token}: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4) with exactly one client
 * authentication: {@code client_secret_post}, {@code client_secret_basic} or {@code private_key_jwt} (RFC 7523).
 * Errors are RFC 6749 §5.2 bodies, answered rather than thrown so they keep that shape; none of them echoes a
 * secret or an assertion.
 */
final class TokenEndpoint {
    static final String GRANT_TYPE = "client_credentials";
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /** An RFC 6749 §5.2 error on its way to becoming the answer. */
    private static final class OAuthError extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String error;

        OAuthError(int status, String error, String description) {
            super(description, null, false, false);
            this.status = status;
            this.error = error;
        }
    }

    private final ClientService clients;

    TokenEndpoint(ClientService clients) {
        this.clients = clients;
    }

    Reply exchange(Call call) {
        try {
            Map<String, String> form = form(call);
            String grant = form.get("grant_type");
            if (grant == null || grant.isEmpty()) {
                throw new OAuthError(400, "invalid_request", "grant_type is required (grant_type=client_credentials)");
            }
            if (!GRANT_TYPE.equals(grant)) {
                throw new OAuthError(400, "unsupported_grant_type", "only grant_type=client_credentials is supported");
            }
            ClientStore.Row client = authenticate(call, form);
            if (client.disabledAt() != null) {
                throw new OAuthError(400, "unauthorized_client", "client '" + client.clientId() + "' is disabled; an "
                        + "administrator can enable it again (arca client enable " + client.clientId() + ")");
            }
            if (!clients.allowedFrom(client, call.sourceIp())) {
                throw new OAuthError(400, "unauthorized_client", "the client's vault does not accept requests from "
                        + call.sourceIp() + " (its IP allowlist)");
            }
            call.audit("client_id", client.clientId());
            Token.Created token = clients.issue(client);
            return Reply.ok(new Client.AccessToken(token.token(), "Bearer",
                    ClientService.ACCESS_TOKEN_TTL.toSeconds()));
        } catch (OAuthError e) {
            return Reply.json(e.status, new Client.TokenError(e.error, e.getMessage()));
        }
    }

    private static Map<String, String> form(Call call) throws OAuthError {
        try {
            return call.form();
        } catch (ArcaException e) {
            // the form's message names the parameter and what is wrong with it, never its value
            throw new OAuthError(400, "invalid_request", "the body must be application/x-www-form-urlencoded UTF-8 "
                    + "with each parameter once: " + e.getMessage());
        }
    }

    private ClientStore.Row authenticate(Call call, Map<String, String> form) throws OAuthError {
        Optional<String> basic = call.header("Authorization")
                .filter(h -> h.regionMatches(true, 0, "Basic ", 0, 6));
        boolean post = form.containsKey("client_secret");
        boolean assertion = form.containsKey("client_assertion") || form.containsKey("client_assertion_type");
        int methods = (basic.isPresent() ? 1 : 0) + (post ? 1 : 0) + (assertion ? 1 : 0);
        if (methods > 1) {
            throw new OAuthError(400, "invalid_request", "use exactly one client authentication: HTTP Basic, "
                    + "client_secret in the body, or client_assertion");
        }
        if (basic.isPresent()) {
            String[] idAndSecret = basicCredentials(basic.get().substring(6).strip());
            return bySecret(matchingId(form, idAndSecret[0]), idAndSecret[1]);
        }
        if (post) {
            String clientId = form.get("client_id");
            if (clientId == null || clientId.isEmpty()) {
                throw new OAuthError(400, "invalid_request", "client_id is required with client_secret");
            }
            return bySecret(clientId, Objects.requireNonNull(form.get("client_secret"), "post: the form has it"));
        }
        if (assertion) {
            return byAssertion(form);
        }
        throw new OAuthError(401, "invalid_client", "no client authentication: send client_id and client_secret, "
                + "HTTP Basic, or a client_assertion (private_key_jwt)");
    }

    /** RFC 6749 §2.3.1: base64 of {@code urlencode(id) ":" urlencode(secret)}. */
    private static String[] basicCredentials(String encoded) throws OAuthError {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new OAuthError(400, "invalid_request", "HTTP Basic credentials must be client_id:client_secret");
            }
            return new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            throw new OAuthError(400, "invalid_request", "the HTTP Basic credentials are not valid base64 of "
                    + "form-encoded client_id:client_secret");
        }
    }

    private static String matchingId(Map<String, String> form, String clientId) throws OAuthError {
        String named = form.get("client_id");
        if (named != null && !named.equals(clientId)) {
            throw new OAuthError(400, "invalid_request", "client_id in the body differs from the HTTP Basic one");
        }
        return clientId;
    }

    private ClientStore.Row bySecret(String clientId, String secret) throws OAuthError {
        return clients.authenticate(clientId, secret).orElseThrow(() -> new OAuthError(401, "invalid_client",
                "client authentication failed (unknown client, revoked client or wrong secret)"));
    }

    private ClientStore.Row byAssertion(Map<String, String> form) throws OAuthError {
        if (!JWT_BEARER.equals(form.get("client_assertion_type"))) {
            throw new OAuthError(400, "invalid_request", "client_assertion_type must be " + JWT_BEARER);
        }
        String jwt = form.get("client_assertion");
        if (jwt == null || jwt.isEmpty()) {
            throw new OAuthError(400, "invalid_request", "client_assertion is required with client_assertion_type");
        }
        ClientStore.Row client;
        try {
            client = clients.assertions().verify(jwt).client();
        } catch (ClientAssertions.Refused e) {
            throw new OAuthError(401, "invalid_client", "client assertion refused: " + e.getMessage());
        }
        String named = form.get("client_id");
        if (named != null && !named.equals(client.clientId())) {
            throw new OAuthError(401, "invalid_client", "client_id differs from the assertion's iss");
        }
        return client;
    }
}
