package dev.arca.server.secrets;

import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;

/**
 * The secret that a route of the form {@code /v1/vaults/{vault}/…/<path>} names — the secret routes, and the use,
 * egress, transit and retrieve routes of other features — and what authorization asks about: that path in that
 * vault.
 */
public final class SecretAddress {
    private SecretAddress() {}

    /** The vault as the request named it (name or {@code vault_…} id). */
    public static String vault(Call call) {
        return call.pathParam("vault");
    }

    public static String path(Call call) {
        return call.pathParam("path");
    }

    public static Resource resource(Call call) {
        return Resource.inVault(vault(call), path(call));
    }
}
