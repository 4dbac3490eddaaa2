package dev.arca.sdk;

import dev.arca.api.Client;
import java.util.function.BiConsumer;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The bearer token of an OAuth client, exchanged at {@code POST /v1/auth/token} with its id and secret and exchanged
 * again when 80 % of its lifetime has passed, or when the server refuses it. One exchange at a time: threads that
 * need a token while another exchanges it wait for that exchange instead of starting their own.
 */
final class ClientCredentialsToken implements HttpTransport.Credential {
    /** The share of a token's lifetime after which it is exchanged again, ahead of its expiry. */
    private static final double REFRESH_AT = 0.8;

    private final AuthOperations auth;
    private final String clientId;
    private final String clientSecret;
    private final LongSupplier nanoTime;
    private String token;
    private long refreshAtNanos;

    ClientCredentialsToken(AuthOperations auth, String clientId, String clientSecret, LongSupplier nanoTime) {
        this.auth = auth;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.nanoTime = nanoTime;
    }

    @Override
    public void apply(BiConsumer<String, String> header, String method, String pathWithQuery, byte[] body) {
        header.accept("Authorization", "Bearer " + current());
    }

    /** Exchanges again unless another thread already replaced the token the server refused. */
    @Override
    public synchronized boolean renew(Exchange.Request refused) {
        String sent = refused.headers().getOrDefault("Authorization", "");
        if (token != null && sent.equals("Bearer " + token)) {
            exchange();
        }
        return true;
    }

    private synchronized String current() {
        if (token == null || nanoTime.getAsLong() - refreshAtNanos >= 0) {
            exchange();
        }
        return token;
    }

    private void exchange() {
        Client.AccessToken answer = auth.clientCredentials(clientId, clientSecret);
        long lifetime = Duration.ofSeconds(Math.max(1, answer.expiresIn())).toNanos();
        token = answer.accessToken();
        refreshAtNanos = nanoTime.getAsLong() + (long) (lifetime * REFRESH_AT);
    }

    @Override
    public String toString() {
        return "ClientCredentialsToken[clientId=" + clientId + ", secret=<redacted>, token=<redacted>]";
    }
}
