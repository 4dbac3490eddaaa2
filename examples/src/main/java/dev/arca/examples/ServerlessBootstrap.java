package dev.arca.examples;

import dev.arca.sdk.Arca;
import dev.arca.sdk.BootstrapOptions;

/**
 * A serverless function's cold start: enroll an ephemeral machine with a key that exists only in memory, read a
 * secret, keep nothing on disk.
 *
 * <p>Make the token once: {@code arca machine token create --ephemeral --auto-approve --secrets app/db}. Run:
 * {@code ARCA_ENROLL_TOKEN=arcae_… java -cp … dev.arca.examples.ServerlessBootstrap app/db} (README "The Java
 * SDK"; {@code ARCA_ADDR} and {@code ARCA_VAULT} when not the local server and the vault {@code default}).
 */
public final class ServerlessBootstrap {
    private ServerlessBootstrap() {}

    /** {@code args}: the secret's {@code sk_…} id or path. */
    public static void main(String[] args) {
        String secret = args.length > 0 ? args[0] : "app/db";
        var options = BootstrapOptions.builder().name("function-" + ProcessHandle.current().pid()).build();
        String vault = System.getenv().getOrDefault("ARCA_VAULT", "default");
        try (Arca arca = Arca.bootstrapInMemory(vault, System.getenv("ARCA_ENROLL_TOKEN"), options)) {
            String value = arca.getSecret(secret);
            System.out.println("enrolled as " + arca.machineId() + "; " + secret + " has " + value.length()
                    + " characters");
        }
    }
}
