package dev.arca.examples;

import dev.arca.sdk.ArcaClient;
import java.util.HashMap;

/**
 * A service (not a machine) reading a secret with OAuth client credentials: {@link ArcaClient#fromEnv} exchanges
 * {@code ARCA_CLIENT_ID} and {@code ARCA_CLIENT_SECRET} for a token ({@code POST /v1/auth/token}) and refreshes it
 * before it expires, or uses {@code ARCA_TOKEN} when that is set. The vault is {@code ARCA_VAULT}, else
 * {@code default}, as for the CLI.
 *
 * <p>Make the client once: {@code arca client create billing} (and bind it a policy that reads {@code app/db}). Run
 * (README "The Java SDK"): {@code ARCA_CLIENT_ID=cli_… ARCA_CLIENT_SECRET=arcas_… java -cp … 
 * dev.arca.examples.ServiceClientCredentials app/db}.
 */
public final class ServiceClientCredentials {
    private ServiceClientCredentials() {}

    /** {@code args}: the secret's path (default {@code app/db}). */
    public static void main(String[] args) {
        var env = new HashMap<>(System.getenv());
        env.putIfAbsent("ARCA_VAULT", "default");
        try (var arca = ArcaClient.fromEnv(env)) {
            var secret = arca.secrets().read(args.length > 0 ? args[0] : "app/db");
            System.out.println(secret.path() + " is at version " + secret.version());
        }
    }
}
