package dev.arca.server.machine;

import dev.arca.server.jobs.PeriodicJob;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks ephemeral machines past their lifetime {@code expired}, every {@link #INTERVAL}, on a daemon virtual
 * thread. Authentication already refuses an expired machine by its expiry time; this makes the state visible in
 * listings. A failed round (the database down) is logged and the next round tries again. Each node runs its own;
 * the work is one idempotent UPDATE, so rounds on several nodes do not conflict.
 */
public final class EphemeralMachineReaper implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(EphemeralMachineReaper.class);

    private final MachineService machines;
    private final PeriodicJob job;

    public EphemeralMachineReaper(MachineService machines) {
        this(machines, INTERVAL);
    }

    EphemeralMachineReaper(MachineService machines, Duration interval) {
        this.machines = machines;
        this.job = new PeriodicJob("arca-machine-reaper", interval, this::reapNow);
    }

    /** Starts the rounds; the first one runs after one interval. */
    public EphemeralMachineReaper start() {
        job.start();
        return this;
    }

    /** One round, now: marks every ephemeral machine past its lifetime {@code expired}; returns how many. */
    public int reapNow() {
        int expired = machines.expireEphemeral();
        if (expired > 0) {
            LOG.info("{} ephemeral machine(s) expired", expired);
        }
        return expired;
    }

    /** Stops the rounds and waits for a round in progress to finish. */
    @Override
    public void close() {
        job.close();
    }
}
