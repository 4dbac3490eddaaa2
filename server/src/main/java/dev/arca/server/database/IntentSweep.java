package dev.arca.server.database;

import dev.arca.server.jobs.PeriodicJob;
import dev.arca.server.storage.Database;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@link #INTERVAL}: drops the users of intents older than {@link #AGE} — longer than any request for
 * credentials takes — which therefore never got their lease (the process died between creating the user and
 * storing the lease, or the lease's transaction failed). The drop is the lease's own revocation, so a user that
 * was never created, or is already gone, counts as dropped; an intent whose drop fails stays for the next pass.
 */
final class IntentSweep {
    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final Duration AGE = Duration.ofSeconds(30);
    private static final int BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(IntentSweep.class);

    private final Database db;
    private final IntentStore intents;
    private final DatabaseLeaseBackend backend;
    private final Clock clock;

    IntentSweep(Database db, DatabaseLeaseBackend backend, Clock clock) {
        this.db = db;
        this.intents = new IntentStore(db);
        this.backend = backend;
        this.clock = clock;
    }

    PeriodicJob job() {
        return new PeriodicJob("arca-database-intent-sweep", INTERVAL, this::sweep);
    }

    /** One pass; answers how many orphaned users were dropped. */
    int sweep() {
        int dropped = 0;
        for (IntentStore.Intent intent : intents.olderThan(clock.millis() - AGE.toMillis(), BATCH)) {
            try {
                backend.revoke(intent.revocation());
                db.inTransaction(() -> {
                    intents.delete(intent.id());
                    return null;
                });
                dropped++;
            } catch (RuntimeException e) {
                LOG.warn("dropping user {} of an interrupted creation failed, retried later: {}", intent.username(),
                        e.getMessage());
            }
        }
        if (dropped > 0) {
            LOG.info("{} database user(s) of interrupted creations dropped", dropped);
        }
        return dropped;
    }
}
