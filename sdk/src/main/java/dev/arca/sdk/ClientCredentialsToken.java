package dev.arca.sdk;

import dev.arca.api.Client;
import java.util.function.BiConsumer;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The bearer token of an OAuth client, exchanged at {@code POST /v1/auth/token} (with its secret, or with a JWT its
 * key signed: {@code private_key_jwt}) and exchanged again when 80 % of its lifetime has passed, or when the server
 * refuses it. One exchange at a time: threads that
 * need a token while another exchanges it wait for that exchange instead of starting their own.
 */
final class ClientCredentialsToken implements HttpTransport.Credential {
    /** The share of a token's lifetime after which it is exchanged again, ahead of its expiry. */
    private static final double REFRESH_AT = 0.8;

    private final String clientId;
    private final Supplier<Client.AccessToken> exchange;
    private final LongSupplier nanoTime;
    private @Nullable String token;
    private long refreshAtNanos;

    /** @param exchange one exchange at the token endpoint */
    ClientCredentialsToken(String clientId, Supplier<Client.AccessToken> exchange, LongSupplier nanoTime) {
        this.clientId = clientId;
        this.exchange = exchange;
        this.nanoTime = nanoTime;
    }

    @Override
    public void apply(BiConsumer<String, String> header, String method, String pathWithQuery,
            byte @Nullable [] body) {
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
        String current = token;
        if (current == null || nanoTime.getAsLong() - refreshAtNanos >= 0) {
            current = exchange();
        }
        return current;
    }

    /** A new token from the endpoint, kept until {@link #REFRESH_AT} of its lifetime. */
    private String exchange() {
        Client.AccessToken answer = exchange.get();
        long lifetime = Duration.ofSeconds(Math.max(1, answer.expiresIn())).toNanos();
        String fresh = answer.accessToken().reveal();
        token = fresh;
        refreshAtNanos = nanoTime.getAsLong() + (long) (lifetime * REFRESH_AT);
        return fresh;
    }

    @Override
    public String toString() {
        return "ClientCredentialsToken[clientId=" + clientId + ", token=<redacted>]";
    }
}
