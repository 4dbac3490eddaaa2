package dev.arca.server.frontend.acme;

import dev.arca.server.frontend.acme.OrderStore.Authz;
import dev.arca.server.frontend.acme.OrderStore.Challenge;
import dev.arca.server.frontend.acme.challenge.ChallengeFailedException;
import dev.arca.server.frontend.acme.challenge.ChallengeValidator;
import dev.arca.server.frontend.acme.challenge.ChallengeValidators;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates challenges a client said are ready, each on its own virtual thread, outside any request and any storage
 * transaction (a validator may wait on the network), and writes the outcome back in one transaction
 * ({@link OrderStore#finishValidation}). One attempt per challenge (RFC 8555 §8.2 allows a single one).
 *
 * <p>A validation holds its challenge by a claim ({@code claimed_until}, {@value #CLAIM_SECONDS} s); {@link #resume}
 * (a periodic job) takes over the ones whose claim lapsed, so a node that stopped mid-validation leaves nothing
 * stuck in {@code processing}.
 */
final class ChallengeRunner {
    static final long CLAIM_SECONDS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(ChallengeRunner.class);

    private final OrderStore orders;
    private final AccountStore accounts;
    private final ChallengeValidators validators;
    private final Clock clock;

    ChallengeRunner(OrderStore orders, AccountStore accounts, ChallengeValidators validators, Clock clock) {
        this.orders = orders;
        this.accounts = accounts;
        this.validators = validators;
        this.clock = clock;
    }

    /** The challenge types that can be offered: those a validator checks. */
    boolean offers(String type) {
        return validators.byType(type).isPresent();
    }

    Instant claimUntil() {
        return clock.instant().plus(Duration.ofSeconds(CLAIM_SECONDS));
    }

    /** Validates a challenge just moved to processing, in the background. */
    void start(Authz authz, Challenge challenge) {
        Thread.ofVirtual().name("acme-validate-" + authz.id()).start(() -> validate(authz, challenge));
    }

    /** Takes over processing challenges whose claim lapsed; a periodic job. */
    void resume() {
        Instant now = clock.instant();
        for (Challenge challenge : orders.lapsed(now)) {
            if (orders.reclaim(challenge.authzId(), challenge.type(), now, claimUntil())) {
                orders.authzById(challenge.authzId()).ifPresent(authz -> start(authz, challenge));
            }
        }
    }

    private void validate(Authz authz, Challenge challenge) {
        String error;
        try {
            var account = accounts.byId(authz.accountId()).orElseThrow();
            ChallengeValidator validator = validators.byType(challenge.type()).orElseThrow(() ->
                    new ChallengeFailedException("serverInternal", "this server no longer validates "
                            + challenge.type()));
            validator.validate(authz.identifier(), challenge.token(),
                    challenge.token() + "." + AccountStore.thumbprint(account.key()));
            error = null;
        } catch (ChallengeFailedException failed) {
            error = AcmeViews.problem(failed.problemType(), failed.getMessage());
        } catch (RuntimeException e) {
            LOG.error("validating ACME challenge {} of {} failed unexpectedly", challenge.type(), authz.id(), e);
            error = AcmeViews.problem("serverInternal", "the validation failed inside the server");
        }
        try {
            orders.finishValidation(authz, challenge.type(), clock.instant(), error);
        } catch (RuntimeException e) {
            // the claim lapses and resume() validates again
            LOG.warn("cannot record the outcome of ACME challenge {} of {}: {}", challenge.type(), authz.id(),
                    e.getClass().getName());
        }
    }
}
