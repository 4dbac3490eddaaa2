package dev.arca.examples;

import dev.arca.sdk.ArcaClient;

/**
 * A service (not a machine) reading a secret with OAuth client credentials: exchange {@code ARCA_CLIENT_ID} and
 * {@code ARCA_CLIENT_SECRET} for a token ({@code POST /v1/auth/client-credentials}), or use {@code ARCA_TOKEN}
 * directly when it is set.
 *
 * <p>Run: {@code ARCA_ADDR=https://arca.example.com ARCA_CLIENT_ID=cli_… ARCA_CLIENT_SECRET=arcas_… java …
 * dev.arca.examples.ServiceClientCredentials default app/db}.
 */
public final class ServiceClientCredentials {
    private ServiceClientCredentials() {}

    /** {@code args}: the vault and the secret's path. */
    public static void main(String[] args) {
        String address = System.getenv().getOrDefault("ARCA_ADDR", ArcaClient.DEFAULT_ADDRESS);
        String token = System.getenv("ARCA_TOKEN");
        if (token == null) {
            try (var anonymous = ArcaClient.builder().address(address).build()) {
                token = anonymous.auth().clientCredentials(System.getenv("ARCA_CLIENT_ID"),
                        System.getenv("ARCA_CLIENT_SECRET")).accessToken().reveal();
            }
        }
        try (var arca = ArcaClient.builder().address(address).token(token).vault(args[0]).build()) {
            var secret = arca.secrets().read(args[1]);
            System.out.println(secret.path() + " is at version " + secret.version());
        }
    }
}
