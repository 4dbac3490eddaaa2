package dev.arca.server.use;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP client's only resolver: it looks the host up and refuses every non-public address ({@link AddressClass})
 * unless the request's {@link Allowance} names that very address. The addresses it answers are the ones the client
 * connects to, so a name cannot resolve to a public address for a check and a private one for the connection
 * (no DNS-rebinding window).
 */
final class EgressAddressResolver implements SocketAddressResolver {
    /**
     * What one request may reach beyond public addresses, carried as the request's tag (the client keeps a separate
     * connection pool per tag, so a connection made under one allowance never serves another).
     *
     * @param literal the IP literal the matching egress rule names, or null
     */
    record Allowance(@Nullable InetAddress literal) {
        static final Allowance PUBLIC_ONLY = new Allowance(null);

        boolean permits(InetAddress address) {
            return literal != null && literal.equals(address);
        }
    }

    /** A lookup, replaceable in tests. */
    @FunctionalInterface
    interface Lookup {
        InetAddress[] all(String host) throws UnknownHostException;
    }

    /** The host resolved to an address this request may not reach; the message names the address class. */
    static final class RefusedAddressException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedAddressException(String message) {
            super(message, null, false, false);
        }
    }

    private final Lookup lookup;

    EgressAddressResolver(Lookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        Allowance allowance = context.get(Destination.CONTEXT_KEY) instanceof Destination destination
                && destination.getOrigin().getTag() instanceof Allowance tagged ? tagged : Allowance.PUBLIC_ONLY;
        // a lookup blocks: on a virtual thread, never on the client's selector
        Thread.ofVirtual().name("arca-use-resolve").start(() -> {
            try {
                promise.succeeded(check(host, port, allowance));
            } catch (UnknownHostException e) {
                promise.failed(new UnknownHostException("the host " + host + " does not resolve"));
            } catch (RefusedAddressException | RuntimeException e) {
                promise.failed(e);
            }
        });
    }

    /** The addresses to connect to, every one allowed; otherwise refused naming the first forbidden class. */
    List<InetSocketAddress> check(String host, int port, Allowance allowance)
            throws UnknownHostException, RefusedAddressException {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (InetAddress address : lookup.all(host)) {
            AddressClass kind = AddressClass.of(address);
            if (kind != AddressClass.PUBLIC && !allowance.permits(address)) {
                throw new RefusedAddressException("the host " + host + " resolves to " + kind.description() + " ("
                        + address.getHostAddress() + "); only an egress rule naming that IP literal allows it");
            }
            addresses.add(new InetSocketAddress(address, port));
        }
        if (addresses.isEmpty()) {
            throw new UnknownHostException(host);
        }
        return addresses;
    }
}
