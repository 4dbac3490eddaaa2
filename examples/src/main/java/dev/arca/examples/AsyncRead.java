package dev.arca.examples;

import dev.arca.sdk.ArcaClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads several secrets at once without blocking a thread per request: {@code client.async()} answers with
 * {@link CompletableFuture}s, retries included.
 *
 * <p>Run: {@code ARCA_ADDR=http://127.0.0.1:8420 ARCA_TOKEN=arca_… ARCA_VAULT=default java -cp …
 * dev.arca.examples.AsyncRead app/db app/api-key}
 */
public final class AsyncRead {
    private AsyncRead() {}

    /** {@code args}: the secret paths to read. */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: AsyncRead <path>…");
            System.exit(2);
        }
        try (ArcaClient client = ArcaClient.fromEnv()) {
            var secrets = client.async().secrets();
            List<CompletableFuture<String>> reads = List.of(args).stream()
                    .map(path -> secrets.read(path).thenApply(secret -> path + ": version " + secret.version()))
                    .toList();
            CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).join();
            reads.forEach(read -> System.out.println(read.join()));
        }
    }
}
