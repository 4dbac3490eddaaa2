package dev.arca.server.machine;

import java.util.Locale;

/** Where a machine stands. Only {@link #ACTIVE} machines may sign requests; {@link #PENDING} ones wait for approval. */
enum MachineStatus {
    PENDING, ACTIVE, REJECTED, REVOKED, EXPIRED;

    /** As stored and on the wire: {@code pending}. */
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static MachineStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
