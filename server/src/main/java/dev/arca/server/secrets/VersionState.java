package dev.arca.server.secrets;

import java.time.Instant;
import java.util.Locale;

/**
 * What a version is now. {@code previous} and {@code retired} are derived from the secret's
 * {@code previous_version}/{@code previous_until} at the moment of asking, so no background job has to run for a
 * grace period to end; a version a later rotation pushed out of the previous slot is stored as retired.
 */
enum VersionState {
    ACTIVE, PREVIOUS, RETIRED, DELETED, DESTROYED;

    static VersionState of(SecretStore.Row secret, SecretStore.Version version, Instant now) {
        switch (version.state()) {
            case SecretStore.DESTROYED:
                return DESTROYED;
            case SecretStore.DELETED:
                return DELETED;
            case SecretStore.RETIRED:
                return RETIRED;
            default:
                break;
        }
        if (secret.previousVersion() != null && secret.previousVersion() == version.version()) {
            return now.isBefore(secret.previousUntil()) ? PREVIOUS : RETIRED;
        }
        return ACTIVE;
    }

    /** The name on the wire. */
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
