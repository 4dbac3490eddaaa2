package dev.arca.server.acme;

import dev.arca.api.Acme;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import java.net.MalformedURLException;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works open orders one step at a time, each step's outcome committed before the next network call, so an order
 * survives a restart (the CA's order URL is stored; {@link Login#bindOrder} takes it up again):
 * <ol>
 *   <li>{@code NEW}: the order is created at the CA and its URL stored;</li>
 *   <li>{@code AUTHORIZE}: each pending authorization's challenge answer is put up and the CA asked to validate;
 *       polled (after the CA's {@code Retry-After}, else {@link #POLL}) until the order is ready, then every
 *       answer is taken down;</li>
 *   <li>{@code FINALIZE}: a new key (kept as key material of the order until the certificate secret holds it)
 *       signs the CSR;</li>
 *   <li>{@code DOWNLOAD}: once valid, the chain is downloaded and written with the key as a new version of the
 *       certificate secret, and the renewal time set.</li>
 * </ol>
 * A CA's refusal ends the order {@code invalid} with the CA's problem in {@code error}; anything else (network,
 * rate limits, a DNS update that failed) is retried with backoff up to {@link #MAX_ATTEMPTS} times. Every end takes
 * the challenge answers down; what a crash left is taken down by {@link Challenges#sweep} each round. acme4j
 * itself retries a {@code badNonce} with a fresh nonce ({@code DefaultConnection}, up to 10 times).
 */
final class OrderWorker {
    private static final Logger LOG = LoggerFactory.getLogger(OrderWorker.class);
    static final Duration POLL = Duration.ofSeconds(1);
    static final Duration CLAIM = Duration.ofMinutes(3);
    static final int MAX_ATTEMPTS = 8;
    static final int STEPS_PER_ROUND = 8;
    private static final int BATCH = 16;
    /** Leftovers are looked for every this many rounds: a cleanup that keeps failing is not retried each second. */
    static final int SWEEP_EVERY = 30;

    private final Database db;
    private final SealService seal;
    private final OrderStore orders;
    private final CertificateStore certificates;
    private final AccountService accounts;
    private final Challenges challenges;
    private final AcmeKeys keys;
    private final CertificateSecret secret;
    private final RenewalSchedule schedule;
    private final Renewals renewals;
    private final Clock clock;
    /** Rounds run so far; only the job's one thread counts them. */
    private long rounds;

    OrderWorker(Database db, SealService seal, AccountService accounts, Challenges challenges, AcmeKeys keys,
            CertificateSecret secret, RenewalSchedule schedule, Renewals renewals, Clock clock) {
        this.db = db;
        this.seal = seal;
        this.orders = new OrderStore(db);
        this.certificates = new CertificateStore(db);
        this.accounts = accounts;
        this.challenges = challenges;
        this.keys = keys;
        this.secret = secret;
        this.schedule = schedule;
        this.renewals = renewals;
        this.clock = clock;
    }

    /**
     * One round: leftovers swept (every {@link #SWEEP_EVERY} rounds, the first one included), due renewals ordered,
     * due orders worked (each on its own virtual thread).
     */
    void round() {
        if (seal.isSealed()) {
            return;
        }
        if (rounds++ % SWEEP_EVERY == 0) {
            challenges.sweep();
        }
        renewals.startDue();
        List<String> due = orders.due(clock.instant(), BATCH);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String id : due) {
                executor.submit(() -> work(id));
            }
        }
    }

    /**
     * Works the order {@code id}, if no other node holds it: step after step while each leaves it due at once (at
     * most {@link #STEPS_PER_ROUND}), so an order that needs no waiting is not held up by the round's interval.
     */
    void work(String id) {
        for (int i = 0; i < STEPS_PER_ROUND; i++) {
            Instant now = clock.instant();
            if (!orders.claim(id, now, now.plus(CLAIM))) {
                return;
            }
            OrderStore.Row order = orders.byId(id).orElseThrow();
            workOneStep(order);
            Instant next = orders.byId(id).map(OrderStore.Row::nextAttemptAt).orElse(null);
            if (next == null || next.isAfter(clock.instant())) {
                return;
            }
        }
    }

    private void workOneStep(OrderStore.Row order) {
        try {
            step(order, accounts.login(order.vaultId(), order.request().account()));
        } catch (AcmeServerException e) {
            if (permanent(e)) {
                fail(order, AcmeFailures.describe(e));
            } else {
                retry(order, AcmeFailures.describe(e), AcmeFailures.retryAfter(e).orElse(null));
            }
        } catch (AcmeException e) {
            retry(order, AcmeFailures.describe(e), AcmeFailures.retryAfter(e).orElse(null));
        } catch (Challenges.ChallengeException e) {
            retry(order, String.valueOf(e.getMessage()), null);
        } catch (RuntimeException e) {
            // the message may hold internals (a statement, a path): the log has it, the order only the kind
            LOG.warn("ACME order {} failed a step ({}: {})", order.id(), e.getClass().getSimpleName(),
                    e.getMessage());
            retry(order, "the step failed inside Arca (" + e.getClass().getSimpleName() + "); see the server log",
                    null);
        }
    }

    private void step(OrderStore.Row order, Login login) throws AcmeException, Challenges.ChallengeException {
        switch (order.stage()) {
            case NEW -> {
                Order created = login.newOrder().domains(order.request().domains()).create();
                orders.created(order.id(), created.getLocation().toString());
                orders.advance(order.id(), OrderStore.Stage.AUTHORIZE, clock.instant(), clock.instant());
            }
            case AUTHORIZE -> authorize(order, bind(login, order));
            case FINALIZE -> finalizeOrder(order, bind(login, order));
            case DOWNLOAD -> download(order, bind(login, order));
            case DONE -> { /* nothing left to do */ }
        }
    }

    private void authorize(OrderStore.Row row, Order order) throws AcmeException, Challenges.ChallengeException {
        Optional<Instant> retryAfter = order.fetch();
        switch (order.getStatus()) {
            case PENDING -> {
                for (Authorization authorization : order.getAuthorizations()) {
                    if (authorization.getStatus() == Status.PENDING) {
                        Challenge challenge = Challenges.pick(authorization, row.request());
                        if (challenge.getStatus() == Status.PENDING) {
                            challenges.present(row, authorization, challenge);
                            challenge.trigger();
                        }
                    } else if (authorization.getStatus() != Status.VALID) {
                        fail(row, "the CA did not validate " + authorization.getIdentifier().getDomain() + ": "
                                + problemOf(authorization));
                        return;
                    }
                }
                later(row, OrderStore.Stage.AUTHORIZE, retryAfter);
            }
            case READY, PROCESSING, VALID -> {
                challenges.cleanup(row.id());
                orders.advance(row.id(), order.getStatus() == Status.READY ? OrderStore.Stage.FINALIZE
                        : OrderStore.Stage.DOWNLOAD, clock.instant(), clock.instant());
            }
            default -> fail(row, ended(order));
        }
    }

    private void finalizeOrder(OrderStore.Row row, Order order) throws AcmeException {
        order.fetch();
        if (order.getStatus() == Status.READY) {
            order.execute(certificateKey(row));
        } else if (order.getStatus() != Status.PROCESSING && order.getStatus() != Status.VALID) {
            fail(row, ended(order));
            return;
        }
        orders.advance(row.id(), OrderStore.Stage.DOWNLOAD, clock.instant(), clock.instant());
    }

    /** The order's certificate key: made once and kept as key material, so a resumed finalize signs with it. */
    private KeyPair certificateKey(OrderStore.Row row) {
        String owner = AcmeKeys.order(row.id());
        Optional<byte[]> kept = keys.open(row.vaultId(), owner);
        if (kept.isPresent()) {
            return KeyPairs.decode(kept.get());
        }
        KeyPair pair = KeyPairs.generate(KeyPairs.type(row.request().keyType(), "key_type"));
        keys.put(row.vaultId(), row.id(), owner, KeyPairs.encode(pair), "acme:" + row.certificateId());
        return pair;
    }

    private void download(OrderStore.Row row, Order order) throws AcmeException {
        Optional<Instant> retryAfter = order.fetch();
        if (order.getStatus() == Status.PROCESSING || order.getStatus() == Status.READY) {
            later(row, OrderStore.Stage.DOWNLOAD, retryAfter);
            return;
        }
        if (order.getStatus() != Status.VALID) {
            fail(row, ended(order));
            return;
        }
        var certificate = order.getCertificate();
        certificate.download();
        List<X509Certificate> chain = certificate.getCertificateChain();
        X509Certificate leaf = chain.getFirst();
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        Instant renewAt = schedule.renewAt(notBefore, notAfter, renewals.suggestedWindow(certificate), clock.instant());
        KeyPair key = KeyPairs.decode(keys.open(row.vaultId(), AcmeKeys.order(row.id())).orElseThrow(
                () -> new IllegalStateException("the order's certificate key is gone")));
        boolean autoRenew = !Boolean.FALSE.equals(row.request().autoRenew());
        String serial = CertificateSecret.serial(leaf);
        db.inTransaction(() -> {
            int version = secret.write(row.vaultId(), Objects.requireNonNull(row.request().secret()),
                    row.certificateId(), chain, key.getPrivate(), row.request().domains());
            orders.valid(row.id(), version, serial, notAfter, clock.instant());
            certificates.obtained(row.certificateId(), serial, notBefore, notAfter, autoRenew ? renewAt : null);
            keys.delete(row.vaultId(), AcmeKeys.order(row.id()));
            return null;
        });
        LOG.info("ACME order {} obtained certificate {} for {}, renewing at {}", row.id(), serial,
                row.request().domains(), renewAt);
    }

    private Order bind(Login login, OrderStore.Row row) {
        if (row.orderUrl() == null) {
            throw new IllegalStateException("order " + row.id() + " has no CA order yet");
        }
        try {
            return login.bindOrder(URI.create(row.orderUrl()).toURL());
        } catch (MalformedURLException e) {
            throw new IllegalStateException("a stored order URL does not parse", e);
        }
    }

    private void later(OrderStore.Row row, OrderStore.Stage stage, Optional<Instant> retryAfter) {
        Instant now = clock.instant();
        Instant next = retryAfter.filter(t -> t.isAfter(now.plus(POLL))).orElse(now.plus(POLL));
        orders.advance(row.id(), stage, next, now);
    }

    private void retry(OrderStore.Row row, String error, @Nullable Instant retryAfter) {
        if (row.attempts() + 1 >= MAX_ATTEMPTS) {
            fail(row, error + " (gave up after " + MAX_ATTEMPTS + " attempts)");
            return;
        }
        Instant now = clock.instant();
        Instant next = now.plus(POLL.multipliedBy(1L << Math.min(row.attempts() + 1, 8)));
        if (retryAfter != null && retryAfter.isAfter(next)) {
            next = retryAfter;
        }
        orders.retry(row.id(), error, next, now);
    }

    /** The order ends invalid: answers taken down, its key dropped, the certificate's next attempt scheduled. */
    private void fail(OrderStore.Row row, String error) {
        challenges.cleanup(row.id());
        db.inTransaction(() -> {
            orders.invalid(row.id(), error, clock.instant());
            keys.delete(row.vaultId(), AcmeKeys.order(row.id()));
            renewals.failed(row.certificateId());
            return null;
        });
        LOG.warn("ACME order {} for {} is invalid: {}", row.id(), row.request().domains(), error);
    }

    /** A problem about this order itself (not the CA's load or the network): trying again would not help. */
    private static boolean permanent(AcmeServerException e) {
        String type = e.getType().toString();
        return !type.endsWith(":rateLimited") && !type.endsWith(":serverInternal") && !type.endsWith(":badNonce");
    }

    private static String ended(Order order) {
        return "the CA ended the order " + order.getStatus().name().toLowerCase(Locale.ROOT)
                + order.getError().map(p -> ": " + AcmeFailures.describe(p)).orElse("");
    }

    private static String problemOf(Authorization authorization) {
        return authorization.getChallenges().stream().map(Challenge::getError).flatMap(Optional::stream).findFirst()
                .map(AcmeFailures::describe).orElse("its status is "
                        + authorization.getStatus().name().toLowerCase(Locale.ROOT));
    }

}
