package dev.arca.examples;

import dev.arca.sdk.Arca;
import dev.arca.sdk.BootstrapOptions;

/**
 * A serverless function's cold start: enroll an ephemeral machine with a key that exists only in memory, read a
 * secret, keep nothing on disk.
 *
 * <p>Make the token once: {@code arca machine token create --ephemeral --auto-approve --secrets app/db}. Run:
 * {@code ARCA_ADDR=https://arca.example.com ARCA_VAULT=vault_… ARCA_ENROLLMENT_TOKEN=arcae_… java … 
 * dev.arca.examples.ServerlessBootstrap app/db}.
 */
public final class ServerlessBootstrap {
    private ServerlessBootstrap() {}

    /** {@code args}: the secret's {@code sk_…} id or path. */
    public static void main(String[] args) {
        String secret = args.length > 0 ? args[0] : "app/db";
        var options = BootstrapOptions.builder().name("function-" + ProcessHandle.current().pid()).build();
        try (Arca arca = Arca.bootstrapInMemory(System.getenv("ARCA_VAULT"), System.getenv("ARCA_ENROLLMENT_TOKEN"),
                options)) {
            String value = arca.getSecret(secret);
            System.out.println("enrolled as " + arca.machineId() + "; " + secret + " has " + value.length()
                    + " characters");
        }
    }
}
