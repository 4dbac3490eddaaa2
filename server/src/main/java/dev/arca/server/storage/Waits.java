package dev.arca.server.storage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting on another thread's work, as the storage and audit writers' callers do. */
public final class Waits {
    private Waits() {}

    /**
     * The future's value; the work's own failure (the storage unavailable, say) is rethrown as it was, so each
     * caller answers it as its own.
     */
    public static <V> V join(CompletableFuture<V> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Waits until {@code thread} ended, through interrupts, which are kept for the caller. */
    public static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
