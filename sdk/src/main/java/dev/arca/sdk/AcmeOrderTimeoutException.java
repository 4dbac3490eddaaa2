package dev.arca.sdk;

import dev.arca.api.Acme;
import java.time.Duration;

/**
 * {@link AcmeOperations#awaitOrder} gave up: the order had become neither valid nor invalid within the time allowed.
 * It goes on in the server's background (an order survives a restart); {@link #order()} is where it stood when the
 * wait ended, with the transient failure it is retrying after in {@link Acme.Order#error()}, if any.
 */
public class AcmeOrderTimeoutException extends ArcaException {
    private final transient Acme.Order order;

    public AcmeOrderTimeoutException(Acme.Order order, Duration waited) {
        super("ACME order " + order.id() + " for " + String.join(", ", order.domains()) + " is still "
                + order.status() + " after "
                + (waited.getNano() == 0 ? dev.arca.api.Durations.format(waited) : waited.toMillis() + " ms")
                + (order.error() == null ? "" : " (last: " + order.error() + ")")
                + "; it goes on in the background: follow it with order(\"" + order.id() + "\")");
        this.order = order;
    }

    /** The order as last read: its status and last error. */
    public Acme.Order order() {
        return order;
    }
}
