package dev.arca.server.acme;

import dev.arca.api.Acme;
import dev.arca.api.Page;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Requirement;
import dev.arca.server.route.Route;
import dev.arca.server.storage.Paging;
import java.util.List;
import java.util.function.Function;

/**
 * The ACME client's routes ({@code /v1/vaults/{vault}/acme/…}), authorized on the reserved paths
 * {@code _acme/accounts/{name}}, {@code _acme/dns/{name}}, {@code _acme/certificates} and {@code _acme/orders};
 * starting to manage a certificate also needs {@code update} on the secret it will write.
 */
final class AcmeRoutes {
    private static final String PREFIX = AcmeClientEngine.PREFIX;
    private static final String ACCOUNTS = PREFIX + "/accounts";
    private static final String ACCOUNT = ACCOUNTS + "/{name}";
    private static final String DNS = PREFIX + "/dns";
    private static final String PROVIDER = DNS + "/{name}";
    private static final String CERTIFICATES = PREFIX + "/certificates";
    private static final String CERTIFICATE = CERTIFICATES + "/{id}";

    private AcmeRoutes() {}

    static List<Route> routes(AccountService accounts, DnsProviderService dns, CertificateService certificates,
            CertificateStore certificateRows) {
        return List.of(
                Route.put(ACCOUNT).operation("acme.account.write")
                        .summary("Register an account at an ACME CA (key made and kept by Arca), or update its contact")
                        .authenticated(Permission.UPDATE, named("accounts")).body(Acme.AccountWrite.class)
                        .response(Acme.Account.class)
                        .prepareThenHandle(call -> {
                            var stored = accounts.preparePut(vault(call), call.pathParam("name"),
                                    call.body(Acme.AccountWrite.class), call.caller().subject());
                            return inTransaction -> Reply.ok(stored.get());
                        }),
                Route.get(ACCOUNTS).operation("acme.account.list").summary("List the vault's ACME accounts")
                        .authenticated(Permission.LIST, area("accounts")).query(Paging.Query.class)
                        .response(Page.class)
                        .handle(call -> Reply.ok(accounts.list(vault(call), call.query(Paging.Query.class)))),
                Route.get(ACCOUNT).operation("acme.account.read").summary("Read an ACME account (never its key)")
                        .authenticated(Permission.READ, named("accounts")).response(Acme.Account.class)
                        .handle(call -> Reply.ok(accounts.get(vault(call), call.pathParam("name")))),
                Route.delete(ACCOUNT).operation("acme.account.delete")
                        .summary("Forget an ACME account and its key (the CA keeps the account)")
                        .authenticated(Permission.DELETE, named("accounts"))
                        .handle(call -> {
                            accounts.delete(vault(call), call.pathParam("name"), certificateRows);
                            return Reply.noContent();
                        }),
                Route.put(PROVIDER).operation("acme.dns.write")
                        .summary("Create or replace a DNS provider for dns-01 (rfc2136 with TSIG, or the server's "
                                + "hook)")
                        .authenticated(Permission.UPDATE, named("dns")).body(Acme.DnsProviderWrite.class)
                        .response(Acme.DnsProvider.class)
                        .handle(call -> Reply.ok(dns.put(vault(call), call.pathParam("name"),
                                call.body(Acme.DnsProviderWrite.class), call.caller().subject()))),
                Route.get(DNS).operation("acme.dns.list").summary("List the vault's DNS providers")
                        .authenticated(Permission.LIST, area("dns")).query(Paging.Query.class).response(Page.class)
                        .handle(call -> Reply.ok(dns.list(vault(call), call.query(Paging.Query.class)))),
                Route.get(PROVIDER).operation("acme.dns.read").summary("Read a DNS provider (never its TSIG secret)")
                        .authenticated(Permission.READ, named("dns")).response(Acme.DnsProvider.class)
                        .handle(call -> Reply.ok(dns.get(vault(call), call.pathParam("name")))),
                Route.delete(PROVIDER).operation("acme.dns.delete").summary("Delete a DNS provider and its secret")
                        .authenticated(Permission.DELETE, named("dns"))
                        .handle(call -> {
                            dns.delete(vault(call), call.pathParam("name"));
                            return Reply.noContent();
                        }),
                Route.post(CERTIFICATES).operation("acme.certificate.issue")
                        .summary("Obtain a certificate and keep it as a certificate secret, renewed while auto_renew; "
                                + "answered 202 with the order to follow")
                        .authenticated(Permission.CREATE, area("certificates"))
                        .requires(Requirement.permission(Permission.UPDATE, AcmeRoutes::secretOfRequest))
                        .body(Acme.IssueRequest.class).response(Acme.Order.class)
                        .handle(call -> Reply.json(202, certificates.issue(vault(call),
                                call.body(Acme.IssueRequest.class)))),
                Route.get(CERTIFICATES).operation("acme.certificate.list")
                        .summary("List the certificates the vault obtains and renews")
                        .authenticated(Permission.LIST, area("certificates")).query(Paging.Query.class)
                        .response(Page.class)
                        .handle(call -> Reply.ok(certificates.list(vault(call), call.query(Paging.Query.class)))),
                Route.get(CERTIFICATE).operation("acme.certificate.read")
                        .summary("A managed certificate: its secret, names, validity and next renewal")
                        .authenticated(Permission.READ, area("certificates")).response(Acme.Certificate.class)
                        .handle(call -> Reply.ok(certificates.get(vault(call), call.pathParam("id")))),
                Route.post(CERTIFICATE + "/renew").operation("acme.certificate.renew")
                        .summary("Renew a managed certificate now; answered 202 with the order to follow")
                        .authenticated(Permission.UPDATE, area("certificates")).response(Acme.Order.class)
                        .handle(call -> Reply.json(202, certificates.renew(vault(call), call.pathParam("id")))),
                Route.delete(CERTIFICATE).operation("acme.certificate.delete")
                        .summary("Stop managing a certificate (its secret stays)")
                        .authenticated(Permission.DELETE, area("certificates"))
                        .handle(call -> {
                            certificates.delete(vault(call), call.pathParam("id"));
                            return Reply.noContent();
                        }),
                Route.get(PREFIX + "/orders/{id}").operation("acme.order.read")
                        .summary("An order: pending, ready, processing, valid (with the secret version) or invalid "
                                + "(with the CA's problem)")
                        .authenticated(Permission.READ, area("orders")).response(Acme.Order.class)
                        .handle(call -> {
                            Acme.Order order = certificates.order(vault(call), call.pathParam("id"));
                            // the worker steps an order every second: a poller need not come back sooner
                            return order.done() ? Reply.ok(order) : Reply.ok(order).withHeader("Retry-After", "1");
                        }));
    }

    /** The secret an issue request will write: the one it names, else {@code acme/<first domain>}. */
    private static Resource secretOfRequest(Call call) {
        var request = call.body(Acme.IssueRequest.class);
        String path = request.secret() != null ? request.secret()
                : request.domains() == null || request.domains().isEmpty() ? null
                : CertificateService.defaultSecret(request.domains().getFirst());
        return Resource.inVault(vault(call), path);
    }

    private static Function<Call, Resource> named(String area) {
        return call -> Resource.inVault(vault(call), "_acme/" + area + "/" + call.pathParam("name"));
    }

    private static Function<Call, Resource> area(String area) {
        return call -> Resource.inVault(vault(call), "_acme/" + area);
    }

    private static String vault(Call call) {
        return call.pathParam("vault");
    }
}
