package dev.arca.server.secrets;

import dev.arca.api.Rotation;
import org.jspecify.annotations.Nullable;

/**
 * What the rotation engine ({@code server/…/rotation}) is told by, and says to, the secrets a caller rotates:
 * metadata shows where a secret stands with its policy, a caller's rotate counts as a rotation (and moves the next
 * one), and a secret whose rotation is the vault's own job refuses a caller's value.
 */
public interface RotationHooks {
    /** Where {@code secretId} stands with rotation; null when no policy covers it. */
    Rotation.@Nullable State state(String secretId);

    /** Before a caller's rotate stores anything: throws (409) when the secret may not be rotated by a caller. */
    void beforeCallerRotate(String secretId, String path);

    /** Inside the transaction of a caller's rotate, once {@code version} is stored. */
    void callerRotated(String vaultId, String secretId, String path, int version, String by);

    /** No rotation engine: nothing is covered. */
    RotationHooks NONE = new RotationHooks() {
        @Override
        public Rotation.@Nullable State state(String secretId) {
            return null;
        }

        @Override
        public void beforeCallerRotate(String secretId, String path) {}

        @Override
        public void callerRotated(String vaultId, String secretId, String path, int version, String by) {}
    };
}
