package dev.arca.sdk;

import dev.arca.api.Agent;
import dev.arca.api.Client;
import dev.arca.api.SecretText;
import dev.arca.api.User;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Getting a token: a user's login, a client's client-credentials grant, an agent's challenge-response session.
 * These routes are public (the credential is in the request); build a new {@link ArcaClient} with the token that
 * comes back. Reached by {@link ArcaClient#auth()}.
 */
public final class AuthOperations {
    private final HttpTransport transport;

    AuthOperations(HttpTransport transport) {
        this.transport = transport;
    }

    /**
     * {@code POST /v1/auth/login}: a token acting as the user.
     *
     * @param totp the current TOTP code for a user with TOTP; null otherwise
     * @throws AuthenticationException for a wrong user or password, or with {@code details.mfa_required} when a
     *         TOTP code is missing, wrong or reused
     */
    public User.LoginResult login(String vault, String username, String password, String totp) {
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        var login = new User.Login(vault, username, SecretText.of(password), SecretText.ofNullable(totp));
        return transport.call("POST", RequestTarget.route("v1", "auth", "login"), login, User.LoginResult.class);
    }

    /**
     * {@code POST /v1/auth/token} with {@code grant_type=client_credentials} (RFC 6749 §4.4): a short-lived access
     * token for the client.
     *
     * @throws AuthenticationException with {@code details.error} = {@code invalid_client} for a wrong id or secret
     */
    public Client.AccessToken clientCredentials(String clientId, String clientSecret) {
        var form = new LinkedHashMap<String, String>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", Objects.requireNonNull(clientId, "clientId"));
        form.put("client_secret", Objects.requireNonNull(clientSecret, "clientSecret"));
        return transport.callForm(RequestTarget.route("v1", "auth", "token"), form, Client.AccessToken.class);
    }

    /**
     * {@code POST /v1/auth/token} with {@code grant_type=client_credentials} and a client assertion (RFC 7523
     * {@code private_key_jwt}): the client proves itself with a JWT signed by its registered P-256 key, so no
     * secret is sent or stored. The assertion is spent on this one exchange.
     *
     * @param assertion a compact ES256 JWT with {@code iss} = {@code sub} = the client id and {@code aud} {@code arca}
     */
    public Client.AccessToken clientAssertion(String assertion) {
        var form = new LinkedHashMap<String, String>();
        form.put("grant_type", "client_credentials");
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", Objects.requireNonNull(assertion, "assertion"));
        return transport.callForm(RequestTarget.route("v1", "auth", "token"), form, Client.AccessToken.class);
    }

    /**
     * {@code POST /v1/auth/agent/challenge} then {@code POST /v1/auth/agent/session}: signs the server's challenge
     * with the agent's Ed25519 key and returns a session token; once it expires, requests fail with
     * {@link SessionExpiredException} and a new session is needed.
     */
    public Agent.Session agentSession(String vault, String agent, PrivateKey key) {
        Objects.requireNonNull(key, "key");
        Agent.Challenge challenge = transport.call("POST", agentRoute("challenge"), challengeRequest(vault, agent),
                Agent.Challenge.class);
        return transport.call("POST", agentRoute("session"), answer(challenge, key), Agent.Session.class);
    }

    /** {@link #agentSession} without blocking: how {@link AsyncAgentClient} starts a new session. */
    CompletableFuture<Agent.Session> agentSessionAsync(String vault, String agent, PrivateKey key) {
        Objects.requireNonNull(key, "key");
        return transport.callAsync("POST", agentRoute("challenge"), challengeRequest(vault, agent),
                Agent.Challenge.class).thenCompose(challenge -> transport.callAsync("POST", agentRoute("session"), answer(challenge, key),
                        Agent.Session.class));
    }

    /** {@code /v1/auth/agent/{step}}: a new target each time, as targets are built in place. */
    private static RequestTarget agentRoute(String step) {
        return RequestTarget.route("v1", "auth", "agent", step);
    }

    private static Agent.ChallengeRequest challengeRequest(String vault, String agent) {
        return new Agent.ChallengeRequest(Objects.requireNonNull(vault, "vault"), Objects.requireNonNull(agent, "agent"));
    }

    /** The challenge signed with the agent's Ed25519 key. */
    private Agent.SessionRequest answer(Agent.Challenge challenge, PrivateKey key) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(challenge.challenge());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ArcaException("Arca sent an agent challenge that is not base64; is " + transport.address()
                    + " an Arca server?");
        }
        String signature = Base64.getEncoder().encodeToString(Ed25519Keys.sign(key, bytes, null));
        return new Agent.SessionRequest(challenge.challengeId(), signature);
    }
}
