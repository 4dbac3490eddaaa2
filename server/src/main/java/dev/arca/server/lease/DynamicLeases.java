package dev.arca.server.lease;

import dev.arca.api.Lease;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import java.time.Clock;
import java.time.Duration;

/**
 * How an engine opens the lease of a credential it made: in the caller's transaction, as {@code owed} a
 * revocation, so from then on the lease's end — expiry, release, revocation by holder or prefix — drops the
 * credential through its {@link LeaseBackend}, retried until it is done ({@link LeaseRevocations}).
 */
public final class DynamicLeases {
    private final LeaseStore store;
    private final Clock clock;

    public DynamicLeases(Database db, Clock clock) {
        this.store = new LeaseStore(db);
        this.clock = clock;
    }

    /**
     * A new active lease.
     *
     * @param path where the credential came from, e.g. {@code database/creds/readonly} (what revoke-prefix matches)
     * @param revocation what {@link LeaseBackend#revoke} of {@code kind} needs; no secret
     */
    public Lease open(String vaultId, String kind, String path, String holder, Duration ttl, Duration maxTtl,
            String revocation) {
        long now = clock.millis();
        var row = new LeaseStore.Row(Ids.newId(LeaseService.ID_PREFIX), vaultId, kind, null, path, null, holder,
                ttl.toMillis(), now, now + ttl.toMillis(), now + maxTtl.toMillis(), LeaseStore.ACTIVE, null,
                revocation, LeaseStore.OWED, 0, null, null);
        store.insert(row);
        return row.view();
    }
}
