package dev.arca.server.frontend.acme;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Acme;
import dev.arca.server.error.ArcaException;
import dev.arca.server.frontend.acme.AccountStore.Account;
import dev.arca.server.frontend.acme.OrderStore.Authz;
import dev.arca.server.frontend.acme.OrderStore.Challenge;
import dev.arca.server.frontend.acme.OrderStore.Order;
import dev.arca.server.frontend.acme.challenge.AcmeIdentifier;
import dev.arca.server.pki.ValidatedNameSigning;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ACME orders and their authorizations and challenges (RFC 8555 §7.4, §7.5): an order names dns and ip identifiers
 * the directory's role allows, lives {@value #ORDER_HOURS} h, and moves pending → ready (every authorization valid)
 * → valid (finalized, {@link AcmeFinalizer}) or invalid (a challenge failed, or it expired). A wildcard's
 * authorization offers dns-01 only, an IP's no dns-01.
 */
final class AcmeOrders {
    static final long ORDER_HOURS = 24;
    /**
     * What {@code Retry-After} tells a client polling a resource that is being worked on (RFC 8555 §7.5.1, §8.2): a
     * validation or an issuance here takes well under a second, and acme4j waits 3 s when told nothing.
     */
    static final String RETRY_AFTER_SECONDS = "1";
    private static final List<String> DNS_CHALLENGES = List.of(Acme.HTTP_01, Acme.DNS_01, Acme.TLS_ALPN_01);
    private static final List<String> IP_CHALLENGES = List.of(Acme.HTTP_01, Acme.TLS_ALPN_01);

    private final OrderStore orders;
    private final ValidatedNameSigning signing;
    private final ChallengeRunner runner;
    private final Database db;
    private final Clock clock;

    AcmeOrders(OrderStore orders, ValidatedNameSigning signing, ChallengeRunner runner,
            Database db, Clock clock) {
        this.orders = orders;
        this.signing = signing;
        this.runner = runner;
        this.db = db;
        this.clock = clock;
    }

    /** {@code new-order}: 201 with the order and its location. */
    Route.Handler newOrder(AcmeDirectory dir, JwsVerifier.Signed signed) {
        Account account = signed.requireAccount();
        if (dir.config().eabRequiredForOrders() && account.eabKeyId() == null) {
            throw AcmeProblem.externalAccountRequired("vault " + dir.vault() + " issues only to accounts opened with "
                    + "an external account binding; open a new account with an EAB key");
        }
        JsonNode payload = signed.json();
        if (payload.has("notBefore") || payload.has("notAfter")) {
            throw AcmeProblem.malformed("notBefore and notAfter are not supported: the certificate's validity is the "
                    + "directory's");
        }
        List<AcmeIdentifier> identifiers = OrderIdentifiers.of(payload.get("identifiers"));
        try {
            signing.checkNames(dir.vaultId(), dir.role(), OrderIdentifiers.dnsNames(identifiers),
                    OrderIdentifiers.ips(identifiers));
        } catch (ArcaException e) {
            throw AcmeProblem.rejectedIdentifier(e.getMessage());
        }
        Instant now = Instant.ofEpochMilli(clock.millis());
        Instant expires = now.plus(Duration.ofHours(ORDER_HOURS));
        var order = new Order(Ids.newId("ord_"), dir.vaultId(), account.id(), OrderStore.PENDING, identifiers,
                dir.role(), dir.issuerRef(), expires, null, null, null, now);
        var authzs = new ArrayList<Authz>();
        var challenges = new ArrayList<Challenge>();
        for (AcmeIdentifier identifier : identifiers) {
            var authz = new Authz(Ids.newId("authz_"), dir.vaultId(), order.id(), account.id(),
                    OrderIdentifiers.authorized(identifier), OrderIdentifiers.wildcard(identifier), OrderStore.PENDING,
                    expires);
            authzs.add(authz);
            List<String> types = offered(identifier);
            if (types.isEmpty()) {
                throw AcmeProblem.rejectedIdentifier("no challenge this server validates can prove "
                        + identifier.value() + (OrderIdentifiers.wildcard(identifier) ? " (a wildcard needs dns-01)"
                                : ""));
            }
            for (String type : types) {
                challenges.add(new Challenge(authz.id(), type, Ids.newId(""), OrderStore.PENDING, null, null));
            }
        }
        return call -> {
            orders.insert(order, authzs, challenges);
            call.audit("acme.order", order.id());
            return AcmeAccounts.located(201, AcmeViews.order(order, authzs, dir.urls(), now),
                    dir.urls().order(order.id()));
        };
    }

    /** {@code order/{id}} (POST-as-GET). */
    Route.Handler order(AcmeDirectory dir, JwsVerifier.Signed signed, String id) {
        Order order = own(dir, signed, id);
        return call -> {
            Instant now = clock.instant();
            Reply reply = Reply.ok(AcmeViews.order(order, orders.authzs(order.id()), dir.urls(), now));
            return retrySoonIf(OrderStore.PROCESSING.equals(order.status(now)), reply);
        };
    }

    /** {@code account/{id}/orders} (POST-as-GET): the URLs of the account's orders. */
    Route.Handler list(AcmeDirectory dir, JwsVerifier.Signed signed, String accountId) {
        Account account = AcmeAccounts.own(signed, accountId);
        List<String> urls = orders.orderIds(account.id()).stream().map(dir.urls()::order).toList();
        return call -> Reply.ok(Map.of("orders", urls));
    }

    /** {@code authz/{id}} (POST-as-GET). */
    Route.Handler authz(AcmeDirectory dir, JwsVerifier.Signed signed, String id) {
        Authz authz = ownAuthz(dir, signed, id);
        return call -> {
            List<Challenge> challenges = orders.challenges(authz.id());
            boolean validating = challenges.stream().anyMatch(c -> OrderStore.PROCESSING.equals(c.status()));
            return retrySoonIf(validating, Reply.ok(AcmeViews.authz(authz, challenges, dir.urls(), clock.instant())));
        };
    }

    /**
     * {@code challenge/{authz}/{type}}: a POST of {@code {}} starts the validation (once, while the authorization is
     * pending); POST-as-GET reads. The validation runs after the request's transaction commits, on a thread of its
     * own.
     */
    Route.Handler challenge(AcmeDirectory dir, JwsVerifier.Signed signed, String authzId, String type) {
        Authz authz = ownAuthz(dir, signed, authzId);
        Challenge challenge = orders.challenges(authz.id()).stream().filter(c -> c.type().equals(type)).findFirst()
                .orElseThrow(() -> AcmeProblem.notFound("authorization " + authzId + " offers no " + type
                        + " challenge"));
        // a POST of {} to a challenge of a pending authorization starts it once; any other POST only reads it
        boolean respond = !signed.postAsGet() && OrderStore.PENDING.equals(authz.status(clock.instant()));
        String up = dir.urls().authz(authz.id());
        return call -> {
            Challenge answered = challenge;
            if (respond && orders.startValidation(authz.id(), type, runner.claimUntil())) {
                answered = new Challenge(challenge.authzId(), type, challenge.token(), OrderStore.PROCESSING, null,
                        null);
                db.afterCommit(() -> runner.start(authz, challenge));
            }
            Reply reply = Reply.ok(AcmeViews.challenge(answered, dir.urls())).withHeader("Link", "<" + up
                    + ">;rel=\"up\"");
            return retrySoonIf(OrderStore.PROCESSING.equals(answered.status()), reply);
        };
    }

    /** {@code reply}, with {@code Retry-After} when what it shows is still being worked on. */
    private static Reply retrySoonIf(boolean working, Reply reply) {
        return working ? reply.withHeader("Retry-After", RETRY_AFTER_SECONDS) : reply;
    }

    /** The order when the signing account placed it; 404 for an unknown one, unauthorized for another's. */
    Order own(AcmeDirectory dir, JwsVerifier.Signed signed, String id) {
        Account account = signed.requireAccount();
        Order order = orders.order(dir.vaultId(), id).orElseThrow(() -> AcmeProblem.notFound("no order " + id));
        if (!order.accountId().equals(account.id())) {
            throw AcmeProblem.unauthorized("order " + id + " belongs to another account");
        }
        return order;
    }

    private Authz ownAuthz(AcmeDirectory dir, JwsVerifier.Signed signed, String id) {
        Account account = signed.requireAccount();
        Authz authz = orders.authz(dir.vaultId(), id).orElseThrow(() -> AcmeProblem.notFound("no authorization "
                + id));
        if (!authz.accountId().equals(account.id())) {
            throw AcmeProblem.unauthorized("authorization " + id + " belongs to another account");
        }
        return authz;
    }

    private List<String> offered(AcmeIdentifier identifier) {
        List<String> types = OrderIdentifiers.wildcard(identifier) ? List.of(Acme.DNS_01)
                : AcmeIdentifier.IP.equals(identifier.type()) ? IP_CHALLENGES : DNS_CHALLENGES;
        return types.stream().filter(runner::offers).toList();
    }
}
