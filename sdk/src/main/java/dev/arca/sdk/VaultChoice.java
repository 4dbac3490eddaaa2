package dev.arca.sdk;

import org.jspecify.annotations.Nullable;

/** The one check that an operation scoped to a vault has been given one. */
final class VaultChoice {
    private VaultChoice() {}

    static String require(@Nullable String vault) {
        if (vault == null) {
            throw new ConfigurationException(
                    "no vault chosen: set ArcaClient.builder().vault(…) or call withVault(…) on the operations");
        }
        return vault;
    }
}
