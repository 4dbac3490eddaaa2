package dev.arca.server.secrets;

import dev.arca.api.Rotation;

/**
 * Where secret changes are announced, for watchers. Announcements are made only after the change's transaction
 * committed (a rolled-back write announces nothing), and never carry a value.
 */
public interface SecretEvents {
    /** A new current version (write, rotation, undelete of the current version). */
    void changed(String vaultId, String secretId, String path, int version);

    /** The secret was deleted (soft) or destroyed; watchers hear {@code deleted}. */
    void deleted(String vaultId, String secretId, String path);

    /** A new current version made by a rotation run; watchers hear {@code rotated}. */
    default void rotated(String vaultId, String secretId, String path, int version, Rotation.Notice notice) {
        changed(vaultId, secretId, path, version);
    }

    /** {@code rotation_due} or {@code rotation_failed}: nothing about the value changed. */
    default void rotationNotice(String vaultId, String secretId, String path, String type, Rotation.Notice notice) {}

    /** Announces nothing: for tools and tests that run without watchers. */
    SecretEvents NONE = new SecretEvents() {
        @Override
        public void changed(String vaultId, String secretId, String path, int version) {}

        @Override
        public void deleted(String vaultId, String secretId, String path) {}
    };
}
