package dev.arca.sdk;

import dev.arca.api.Acme;
import dev.arca.api.Page;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * {@link AcmeOperations} without blocking ({@code /v1/vaults/{vault}/acme/…}): the same requests, answers and
 * exceptions, in a future; {@link #awaitOrder} waits between its reads on a timer, not on a thread. Reached by
 * {@link AsyncArcaClient#acme()}; immutable.
 */
public final class AsyncAcmeOperations {
    private final HttpTransport transport;
    private final @Nullable String vault;
    private final AcmeTargets targets;

    AsyncAcmeOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
        this.targets = new AcmeTargets(vault);
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public AsyncAcmeOperations withVault(String vault) {
        return new AsyncAcmeOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /** {@code PUT …/acme/accounts/{name}}: as {@link AcmeOperations#putAccount}. */
    public CompletableFuture<Acme.Account> putAccount(String name, Acme.AccountWrite write) {
        return transport.callAsync("PUT", targets.account(name), Objects.requireNonNull(write, "write"),
                Acme.Account.class);
    }

    /** {@code GET …/acme/accounts/{name}}: as {@link AcmeOperations#account}. */
    public CompletableFuture<Acme.Account> account(String name) {
        return transport.callAsync("GET", targets.account(name), null, Acme.Account.class);
    }

    /** {@code GET …/acme/accounts}: as {@link AcmeOperations#accounts}. */
    public CompletableFuture<Page<Acme.Account>> accounts() {
        return transport.callAsync("GET", targets.at("accounts"), null, AcmeOperations.ACCOUNTS);
    }

    /** {@code DELETE …/acme/accounts/{name}}: as {@link AcmeOperations#deleteAccount}. */
    public CompletableFuture<Void> deleteAccount(String name) {
        return transport.callAsync("DELETE", targets.account(name), null);
    }

    /** {@code PUT …/acme/dns/{name}}: as {@link AcmeOperations#putDnsProvider}. */
    public CompletableFuture<Acme.DnsProvider> putDnsProvider(String name, Acme.DnsProviderWrite write) {
        return transport.callAsync("PUT", targets.dnsProvider(name), Objects.requireNonNull(write, "write"),
                Acme.DnsProvider.class);
    }

    /** {@code GET …/acme/dns/{name}}: as {@link AcmeOperations#dnsProvider}. */
    public CompletableFuture<Acme.DnsProvider> dnsProvider(String name) {
        return transport.callAsync("GET", targets.dnsProvider(name), null, Acme.DnsProvider.class);
    }

    /** {@code GET …/acme/dns}: as {@link AcmeOperations#dnsProviders}. */
    public CompletableFuture<Page<Acme.DnsProvider>> dnsProviders() {
        return transport.callAsync("GET", targets.at("dns"), null, AcmeOperations.DNS_PROVIDERS);
    }

    /** {@code DELETE …/acme/dns/{name}}: as {@link AcmeOperations#deleteDnsProvider}. */
    public CompletableFuture<Void> deleteDnsProvider(String name) {
        return transport.callAsync("DELETE", targets.dnsProvider(name), null);
    }

    /** {@code POST …/acme/certificates}: as {@link AcmeOperations#issue}. */
    public CompletableFuture<Acme.Order> issue(Acme.IssueRequest request) {
        return transport.callAsync("POST", targets.at("certificates"), Objects.requireNonNull(request, "request"),
                Acme.Order.class);
    }

    /** {@code GET …/acme/orders/{id}}: as {@link AcmeOperations#order}. */
    public CompletableFuture<Acme.Order> order(String id) {
        return transport.callAsync("GET", targets.order(id), null, Acme.Order.class);
    }

    /**
     * As {@link AcmeOperations#awaitOrder}: completes with the order once valid or invalid, or fails with
     * {@link AcmeOrderTimeoutException} after {@code timeout}.
     */
    public CompletableFuture<Acme.Order> awaitOrder(String id, Duration timeout) {
        AcmeOperations.requirePositive(timeout);
        return poll(id, timeout, System.nanoTime() + timeout.toNanos(), AcmeOperations.FIRST_POLL);
    }

    private CompletableFuture<Acme.Order> poll(String id, Duration timeout, long deadline, Duration pause) {
        return transport.pollAsync(targets.order(id), Acme.Order.class).thenCompose(read -> {
            if (read.value().done()) {
                return CompletableFuture.completedFuture(read.value());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return CompletableFuture.failedFuture(new AcmeOrderTimeoutException(read.value(), timeout));
            }
            return transport.later(AcmeOperations.pauseBefore(read.retryAfter(), pause, left),
                    () -> poll(id, timeout, deadline, AcmeOperations.nextPause(pause)));
        });
    }

    /** {@code GET …/acme/certificates}: as {@link AcmeOperations#certificates}. */
    public CompletableFuture<Page<Acme.Certificate>> certificates() {
        return transport.callAsync("GET", targets.at("certificates"), null, AcmeOperations.CERTIFICATES);
    }

    /** {@code GET …/acme/certificates/{id}}: as {@link AcmeOperations#certificate}. */
    public CompletableFuture<Acme.Certificate> certificate(String id) {
        return transport.callAsync("GET", targets.certificate(id), null, Acme.Certificate.class);
    }

    /** {@code POST …/acme/certificates/{id}/renew}: as {@link AcmeOperations#renew}. */
    public CompletableFuture<Acme.Order> renew(String id) {
        return transport.callAsync("POST", targets.certificate(id, "renew"), null, Acme.Order.class);
    }

    /** {@code DELETE …/acme/certificates/{id}}: as {@link AcmeOperations#stopManaging}. */
    public CompletableFuture<Void> stopManaging(String id) {
        return transport.callAsync("DELETE", targets.certificate(id), null);
    }

    @Override
    public String toString() {
        return "AsyncAcmeOperations[vault=" + vault + "]";
    }
}
