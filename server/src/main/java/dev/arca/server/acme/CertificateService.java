package dev.arca.server.acme;

import dev.arca.api.Acme;
import dev.arca.api.Page;
import dev.arca.server.error.ArcaException;
import dev.arca.server.secrets.SecretPath;
import dev.arca.server.storage.Ids;
import dev.arca.server.storage.Paging;
import dev.arca.server.vaults.VaultService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Managed certificates and their orders ({@code …/acme/certificates}, {@code …/acme/orders/{id}}): a request is
 * checked and completed here (names, challenge, where the answer goes, the secret path and its project), then
 * stored with its first order; the {@link OrderWorker} does the rest in the background.
 */
final class CertificateService {
    private static final Pattern DOMAIN = Pattern.compile(
            "(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern ID = Pattern.compile("acme(crt|ord)_[A-Za-z0-9_-]+");
    static final int MAX_DOMAINS = 100;

    private final VaultService vaults;
    private final CertificateStore certificates;
    private final OrderStore orders;
    private final AccountService accounts;
    private final DnsProviderService dns;
    private final Renewals renewals;
    private final boolean listening;
    private final Clock clock;

    /** @param listening whether the challenge listener answers http-01 (else an http-01 request needs a webroot) */
    CertificateService(CertificateStore certificates, OrderStore orders, VaultService vaults, AccountService accounts,
            DnsProviderService dns, Renewals renewals, boolean listening, Clock clock) {
        this.vaults = vaults;
        this.certificates = certificates;
        this.orders = orders;
        this.accounts = accounts;
        this.dns = dns;
        this.renewals = renewals;
        this.listening = listening;
        this.clock = clock;
    }

    /** Starts managing a certificate: 202 with its first order. */
    Acme.Order issue(String vaultRef, Acme.IssueRequest request) {
        String vaultId = vaults.idOf(vaultRef);
        Acme.IssueRequest completed = complete(vaultRef, vaultId, request);
        String secret = Objects.requireNonNull(completed.secret(), "a completed request names its secret");
        var row = new CertificateStore.Row(Ids.newId("acmecrt_"), vaultId, secret, completed,
                Boolean.TRUE.equals(completed.autoRenew()), null, null, null, null, 0, null);
        if (!certificates.insert(row, clock.instant())) {
            throw ArcaException.conflict("the certificate at secret " + secret + " is already managed; "
                    + "renew it with POST …/acme/certificates/{id}/renew, or give another secret");
        }
        return renewals.start(row, false).wire();
    }

    Acme.Order renew(String vaultRef, String id) {
        CertificateStore.Row row = certificate(vaults.idOf(vaultRef), id);
        orders.openFor(row.id()).ifPresent(open -> {
            throw ArcaException.conflict("order " + open.id() + " of this certificate is still in progress; "
                    + "follow it at …/acme/orders/" + open.id());
        });
        return renewals.start(row, true).wire();
    }

    Acme.Certificate get(String vaultRef, String id) {
        return certificate(vaults.idOf(vaultRef), id).wire();
    }

    Page<Acme.Certificate> list(String vaultRef, Paging.Query query) {
        Paging paging = Paging.of(query, ID.asPredicate());
        return paging.page(certificates.page(vaults.idOf(vaultRef), paging).stream().map(CertificateStore.Row::wire)
                .toList(), Acme.Certificate::id);
    }

    /** Stops managing the certificate (its secret stays); an order in progress ends invalid and is cleaned up. */
    void delete(String vaultRef, String id) {
        CertificateStore.Row row = certificate(vaults.idOf(vaultRef), id);
        orders.openFor(row.id()).ifPresent(open -> orders.invalid(open.id(), "the certificate is no longer managed",
                clock.instant()));
        certificates.delete(row.id());
    }

    Acme.Order order(String vaultRef, String id) {
        return orders.byId(vaults.idOf(vaultRef), id).map(OrderStore.Row::wire)
                .orElseThrow(() -> ArcaException.notFound("no ACME order " + id + " in this vault"));
    }

    private CertificateStore.Row certificate(String vaultId, String id) {
        return certificates.byId(vaultId, id).orElseThrow(() -> ArcaException.notFound("no managed certificate "
                + id + " in this vault; GET …/acme/certificates lists them"));
    }

    private Acme.IssueRequest complete(String vaultRef, String vaultId, Acme.IssueRequest request) {
        if (request.account() == null || request.account().isBlank()) {
            throw ArcaException.invalid("account", "account (an ACME account of this vault) is required");
        }
        List<String> domains = domains(request.domains());
        String keyType = KeyPairs.type(request.keyType(), "key_type");
        String challenge = request.challenge() == null ? Acme.HTTP_01 : request.challenge();
        String webroot = null;
        switch (challenge) {
            case Acme.HTTP_01 -> {
                if (domains.stream().anyMatch(d -> d.startsWith("*."))) {
                    throw ArcaException.invalid("challenge", "a wildcard name can only be validated with dns-01");
                }
                webroot = webroot(request.webroot());
            }
            case Acme.DNS_01 -> {
                if (request.dnsProvider() == null || request.dnsProvider().isBlank()) {
                    throw ArcaException.invalid("dns_provider", "dns-01 needs dns_provider, a DNS provider of this "
                            + "vault (PUT …/acme/dns/{name})");
                }
            }
            default -> throw ArcaException.invalid("challenge", "challenge is http-01 or dns-01");
        }
        accounts.row(vaultId, request.account());
        if (request.dnsProvider() != null && Acme.DNS_01.equals(challenge)) {
            dns.row(vaultId, request.dnsProvider());
        }
        String secret = request.secret() != null ? request.secret() : defaultSecret(domains.getFirst());
        var path = new SecretPath(secret);
        vaults.project(vaults.resolve(vaultRef), path.project());
        boolean autoRenew = !Boolean.FALSE.equals(request.autoRenew());
        return new Acme.IssueRequest(request.account(), domains, challenge, path.value(), autoRenew, keyType,
                Acme.DNS_01.equals(challenge) ? request.dnsProvider() : null, webroot);
    }

    /** {@code acme/<domain>}, a wildcard's {@code *} as {@code _} (a secret path has no {@code *}). */
    static String defaultSecret(String firstDomain) {
        return "acme/" + firstDomain.strip().toLowerCase(Locale.ROOT).replace('*', '_');
    }

    private @Nullable String webroot(@Nullable String webroot) {
        if (webroot == null || webroot.isBlank()) {
            if (!listening) {
                throw ArcaException.invalid("webroot", "this server answers no http-01 challenges itself (no "
                        + "acme_challenge_listen is set): give webroot, the directory a web server for the names "
                        + "serves, or use dns-01");
            }
            return null;
        }
        Path path = Path.of(webroot);
        if (!path.isAbsolute() || !Files.isDirectory(path)) {
            throw ArcaException.invalid("webroot", "webroot must be an existing directory, given as an absolute path");
        }
        return path.normalize().toString();
    }

    private static List<String> domains(@Nullable List<String> given) {
        if (given == null || given.isEmpty()) {
            throw ArcaException.invalid("domains", "domains (at least one DNS name) are required");
        }
        if (given.size() > MAX_DOMAINS) {
            throw ArcaException.invalid("domains", "at most " + MAX_DOMAINS + " domains per certificate");
        }
        var domains = new ArrayList<String>();
        for (String domain : given) {
            String name = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
            if (name.length() > 253 || !DOMAIN.matcher(name).matches()) {
                throw ArcaException.invalid("domains", "'" + domain + "' is not a DNS name (a wildcard is *.name)");
            }
            if (!domains.contains(name)) {
                domains.add(name);
            }
        }
        return List.copyOf(domains);
    }
}
