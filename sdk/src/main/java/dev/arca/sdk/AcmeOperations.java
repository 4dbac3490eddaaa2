package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Acme;
import dev.arca.api.Page;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The ACME client engine of one vault ({@code /v1/vaults/{vault}/acme/…}, {@code docs/API-acme.md}): accounts at
 * any ACME CA (Let's Encrypt, another Arca, an internal one), DNS providers for {@code dns-01}, orders, and the
 * certificates Arca keeps as {@code certificate} secrets and renews. Requests are the records of {@link Acme}:
 *
 * <pre>{@code
 * var acme = client.acme();
 * acme.putAccount("le", Acme.AccountWrite.of("https://acme-v02.api.letsencrypt.org/directory", "ops@example.com"));
 * Acme.Order order = acme.issue(Acme.IssueRequest.http01("le", List.of("www.example.com")).withAutoRenew(true));
 * Acme.Order done = acme.awaitOrder(order.id(), Duration.ofMinutes(5));
 * }</pre>
 *
 * <p>No answer carries an account key, an EAB HMAC key or a TSIG secret; the certificate's key is read from its
 * secret. The server's side of ACME (the directory certbot and lego talk to) is set up through
 * {@link PkiOperations#configureAcme}. Reached by {@link ArcaClient#acme()}; immutable.
 */
public final class AcmeOperations {
    static final TypeReference<Page<Acme.Account>> ACCOUNTS = new TypeReference<>() {};
    static final TypeReference<Page<Acme.DnsProvider>> DNS_PROVIDERS = new TypeReference<>() {};
    static final TypeReference<Page<Acme.Certificate>> CERTIFICATES = new TypeReference<>() {};
    /**
     * The first pause of {@link #awaitOrder} when the server sends no {@code Retry-After}; each next one doubles, up
     * to {@link #LONGEST_POLL}. A CA validates in seconds, so a second or two between reads is not noticed.
     */
    static final Duration FIRST_POLL = Duration.ofMillis(250);
    static final Duration LONGEST_POLL = Duration.ofSeconds(4);

    private final HttpTransport transport;
    private final @Nullable String vault;
    private final AcmeTargets targets;

    AcmeOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
        this.targets = new AcmeTargets(vault);
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public AcmeOperations withVault(String vault) {
        return new AcmeOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    // Accounts

    /**
     * {@code PUT /v1/vaults/{vault}/acme/accounts/{name}}: registers an account at the CA (its key made and kept by
     * Arca; 201), or updates the contact of an existing one at the same directory (200).
     */
    public Acme.Account putAccount(String name, Acme.AccountWrite write) {
        return transport.call("PUT", targets.account(name), Objects.requireNonNull(write, "write"),
                Acme.Account.class);
    }

    /** {@code GET /v1/vaults/{vault}/acme/accounts/{name}}: one account, without its key. */
    public Acme.Account account(String name) {
        return transport.call("GET", targets.account(name), null, Acme.Account.class);
    }

    /** {@code GET /v1/vaults/{vault}/acme/accounts}: the vault's accounts. */
    public Page<Acme.Account> accounts() {
        return transport.call("GET", targets.at("accounts"), null, ACCOUNTS);
    }

    /** {@code DELETE /v1/vaults/{vault}/acme/accounts/{name}}: Arca forgets the account and destroys its key. */
    public void deleteAccount(String name) {
        transport.call("DELETE", targets.account(name), null);
    }

    // DNS providers

    /** {@code PUT /v1/vaults/{vault}/acme/dns/{name}}: creates or replaces where {@code dns-01} records go. */
    public Acme.DnsProvider putDnsProvider(String name, Acme.DnsProviderWrite write) {
        return transport.call("PUT", targets.dnsProvider(name), Objects.requireNonNull(write, "write"),
                Acme.DnsProvider.class);
    }

    /** {@code GET /v1/vaults/{vault}/acme/dns/{name}}: one provider, without its TSIG secret. */
    public Acme.DnsProvider dnsProvider(String name) {
        return transport.call("GET", targets.dnsProvider(name), null, Acme.DnsProvider.class);
    }

    /** {@code GET /v1/vaults/{vault}/acme/dns}: the vault's DNS providers. */
    public Page<Acme.DnsProvider> dnsProviders() {
        return transport.call("GET", targets.at("dns"), null, DNS_PROVIDERS);
    }

    /** {@code DELETE /v1/vaults/{vault}/acme/dns/{name}}. */
    public void deleteDnsProvider(String name) {
        transport.call("DELETE", targets.dnsProvider(name), null);
    }

    // Orders and certificates

    /**
     * {@code POST /v1/vaults/{vault}/acme/certificates}: starts obtaining a certificate (202); the order moves on in
     * the background, follow it with {@link #order} or {@link #awaitOrder}.
     */
    public Acme.Order issue(Acme.IssueRequest request) {
        return transport.call("POST", targets.at("certificates"), Objects.requireNonNull(request, "request"),
                Acme.Order.class);
    }

    /** {@code GET /v1/vaults/{vault}/acme/orders/{id}}: one order as it stands now. */
    public Acme.Order order(String id) {
        return transport.call("GET", targets.order(id), null, Acme.Order.class);
    }

    /**
     * Reads the order again and again until it is {@link Acme#VALID} or {@link Acme#INVALID}, and returns it as it
     * ended. Between reads it waits as long as the server's {@code Retry-After} says, else 250 ms doubling up to
     * 4 s. An invalid order is returned, not thrown: its {@link Acme.Order#error()} says why.
     *
     * @throws AcmeOrderTimeoutException when it has not ended within {@code timeout} (it goes on in the background)
     */
    public Acme.Order awaitOrder(String id, Duration timeout) {
        requirePositive(timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = FIRST_POLL;
        while (true) {
            HttpTransport.Polled<Acme.Order> read = transport.poll(targets.order(id), Acme.Order.class);
            if (read.value().done()) {
                return read.value();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AcmeOrderTimeoutException(read.value(), timeout);
            }
            sleep(id, pauseBefore(read.retryAfter(), pause, left));
            pause = nextPause(pause);
        }
    }

    /** {@code GET /v1/vaults/{vault}/acme/certificates}: the certificates the vault keeps. */
    public Page<Acme.Certificate> certificates() {
        return transport.call("GET", targets.at("certificates"), null, CERTIFICATES);
    }

    /** {@code GET /v1/vaults/{vault}/acme/certificates/{id}}: one, with when it is due for renewal. */
    public Acme.Certificate certificate(String id) {
        return transport.call("GET", targets.certificate(id), null, Acme.Certificate.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/acme/certificates/{id}/renew}: renews now, whatever the schedule (202); the new
     * certificate becomes the secret's next version once the order is valid.
     */
    public Acme.Order renew(String id) {
        return transport.call("POST", targets.certificate(id, "renew"), null, Acme.Order.class);
    }

    /**
     * {@code DELETE /v1/vaults/{vault}/acme/certificates/{id}}: Arca stops renewing the certificate; its secret and
     * every version of it stay.
     */
    public void stopManaging(String id) {
        transport.call("DELETE", targets.certificate(id), null);
    }

    /** The server's {@code Retry-After} when it sent one, else the backoff; never past the deadline. */
    static Duration pauseBefore(Duration retryAfter, Duration pause, long leftNanos) {
        Duration wanted = retryAfter.isZero() ? pause : retryAfter;
        return Duration.ofNanos(Math.max(1_000_000, Math.min(wanted.toNanos(), leftNanos)));
    }

    static Duration nextPause(Duration pause) {
        Duration doubled = pause.multipliedBy(2);
        return doubled.compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : doubled;
    }

    static void requirePositive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be more than 0, not " + timeout);
        }
    }

    private void sleep(String id, Duration wait) {
        try {
            transport.retryPolicy().sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArcaException("interrupted while waiting for ACME order " + id, e);
        }
    }

    @Override
    public String toString() {
        return "AcmeOperations[vault=" + vault + "]";
    }
}
