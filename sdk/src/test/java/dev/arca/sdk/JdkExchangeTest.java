package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JdkExchangeTest {
    /**
     * A JVM exits only after HotSpot waited up to 0.3 s for a thread blocked in native code, as the client's selector
     * thread is: closing the exchange must end it (the CLI closes its client before it exits).
     */
    @Test
    void close_endsTheClientsSelectorThread() throws Exception {
        Set<Thread> before = selectorThreads();
        var executor = Executors.newCachedThreadPool();
        try {
            var exchange = new JdkExchange(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1), executor, null);
            Set<Thread> own = selectorThreads();
            own.removeAll(before);
            assertThat(own).as("the client's selector thread").hasSize(1);

            exchange.close();
            for (Thread thread : own) {
                thread.join(10_000);
                assertThat(thread.isAlive()).as(thread.getName() + " still runs after close").isFalse();
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static Set<Thread> selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().endsWith("SelectorManager")).collect(Collectors.toSet());
    }
}
