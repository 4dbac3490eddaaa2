package dev.arca.server.machine;

import dev.arca.server.error.ArcaException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

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

    /** A status named in a request; 400 naming {@code field} when it is none of them. */
    static MachineStatus parse(String field, String text) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(text)).findFirst()
                .orElseThrow(() -> ArcaException.invalid(field, field + " must be one of "
                        + Arrays.stream(values()).map(MachineStatus::wire).collect(Collectors.joining(", "))));
    }
}
