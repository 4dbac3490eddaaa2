package dev.arca.examples;

import dev.arca.sdk.Arca;
import dev.arca.sdk.WatchStatus;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps a configuration value current: read it once, then swap it whenever the secret changes, without restarting.
 *
 * <p>Run on an enrolled host: {@code java … dev.arca.examples.WatchAndReload sk_…}, then change the secret
 * ({@code arca secret put app/db --value …}) and watch the program reload it. Ctrl-C stops it.
 */
public final class WatchAndReload {
    private WatchAndReload() {}

    /** {@code args}: the secret's {@code sk_…} id. */
    public static void main(String[] args) throws InterruptedException {
        String secretId = args[0];
        CountDownLatch stop = new CountDownLatch(1);
        try (Arca arca = Arca.open()) {
            AtomicReference<String> current = new AtomicReference<>(arca.getSecret(secretId));
            arca.watch(secretId, event -> {
                if (event.isNewValue() && event.value() != null) { // changed, or rotated by a policy
                    current.set(event.value());
                    System.out.println("reloaded " + secretId);
                } else if (event.status() == WatchStatus.DELETED || event.status() == WatchStatus.ACCESS_DENIED) {
                    System.out.println(secretId + ": " + event.status() + ", stopping");
                    stop.countDown();
                } else if (event.status() == WatchStatus.ERROR) {
                    System.err.println(secretId + ": " + event.error());
                }
            });
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
    }
}
