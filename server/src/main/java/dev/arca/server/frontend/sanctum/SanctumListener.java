package dev.arca.server.frontend.sanctum;

import dev.arca.server.config.ConfigException;
import dev.arca.server.config.DoorSettings;
import dev.arca.server.pipeline.Pipeline;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SanctumAI door's listeners: a Unix socket ({@code sanctum_socket}, mode 0600) and/or a loopback TCP port
 * ({@code sanctum_listen}; the protocol has no TLS). Each connection is served by a virtual thread of its own
 * ({@link SanctumConnection}), so a slow or broken client holds up nobody else. {@link #close} stops accepting,
 * ends the open connections and removes the socket file.
 */
public final class SanctumListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SanctumListener.class);
    private static final String UNIX = "unix";
    /** A socket caller has no address: it is the local caller, as on the main listener's socket. */
    private static final String LOCAL_CALLER = "127.0.0.1";

    private final Optional<Path> socket;
    private final Optional<ServerSocketChannel> unix;
    private final Optional<ServerSocketChannel> tcp;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();

    private SanctumListener(Optional<Path> socket, Optional<ServerSocketChannel> unix,
            Optional<ServerSocketChannel> tcp) {
        this.socket = socket;
        this.unix = unix;
        this.tcp = tcp;
    }

    /** The door on the listeners {@code doors} asks for; empty when it asks for none. */
    public static Optional<SanctumListener> start(DoorSettings doors, Pipeline pipeline, SanctumMethods methods) {
        if (doors.sanctumSocket().isEmpty() && doors.sanctumListen().isEmpty()) {
            return Optional.empty();
        }
        Optional<ServerSocketChannel> unix = doors.sanctumSocket().map(SocketFile::bind);
        Optional<ServerSocketChannel> tcp;
        try {
            tcp = doors.sanctumListen().map(SanctumListener::bindTcp);
        } catch (RuntimeException e) {
            unix.ifPresent(SanctumListener::closeQuietly);
            doors.sanctumSocket().ifPresent(SanctumListener::deleteQuietly);
            throw e;
        }
        var listener = new SanctumListener(doors.sanctumSocket(), unix, tcp);
        var door = new SanctumDoor();
        unix.ifPresent(channel -> listener.accept(channel, pipeline, door, methods));
        tcp.ifPresent(channel -> listener.accept(channel, pipeline, door, methods));
        return Optional.of(listener);
    }

    /** The Unix socket, when the door listens on one. */
    public Optional<Path> socket() {
        return socket;
    }

    /** The TCP port bound (the one asked for, or the one chosen for port 0), when the door listens on TCP. */
    public OptionalInt port() {
        return tcp.map(channel -> OptionalInt.of(localPort(channel))).orElse(OptionalInt.empty());
    }

    /** Where the door listens, for the start-up line: {@code unix:/home/a/.sanctum/vault.sock and 127.0.0.1:7600}. */
    public String describe() {
        var where = new ArrayList<String>();
        socket.ifPresent(path -> where.add("unix:" + path));
        tcp.ifPresent(channel -> where.add(address(channel)));
        return String.join(" and ", where);
    }

    @Override
    public void close() {
        unix.ifPresent(SanctumListener::closeQuietly);
        tcp.ifPresent(SanctumListener::closeQuietly);
        open.forEach(SanctumListener::closeQuietly);
        socket.ifPresent(SanctumListener::deleteQuietly);
    }

    private void accept(ServerSocketChannel server, Pipeline pipeline, SanctumDoor door, SanctumMethods methods) {
        Thread.ofVirtual().name("sanctum-accept").start(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel channel = server.accept();
                    open.add(channel);
                    var connection = new SanctumConnection(channel, peer(channel), pipeline, door, methods);
                    Thread.ofVirtual().name("sanctum-connection").start(() -> {
                        try {
                            connection.run();
                        } finally {
                            open.remove(channel);
                        }
                    });
                } catch (IOException e) {
                    if (server.isOpen()) {
                        LOG.warn("SanctumAI door: accepting a connection failed: {}", e.getMessage());
                    }
                }
            }
        });
    }

    private SanctumConnection.Peer peer(SocketChannel channel) throws IOException {
        if (channel.getRemoteAddress() instanceof InetSocketAddress remote) {
            return new SanctumConnection.Peer(remote.getAddress().getHostAddress(), Optional.empty());
        }
        return new SanctumConnection.Peer(LOCAL_CALLER, Optional.of(UNIX));
    }

    private static ServerSocketChannel bindTcp(DoorSettings.HostPort address) {
        try {
            var channel = ServerSocketChannel.open();
            try {
                channel.bind(new InetSocketAddress(address.host(), address.port()));
                return channel;
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new ConfigException("cannot listen on " + address.host() + ":" + address.port() + " for the "
                    + "SanctumAI door: " + e.getMessage());
        }
    }

    private static int localPort(ServerSocketChannel channel) {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("the SanctumAI TCP listener has no address", e);
        }
    }

    private static String address(ServerSocketChannel channel) {
        try {
            var local = (InetSocketAddress) channel.getLocalAddress();
            String host = local.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + local.getPort();
        } catch (IOException e) {
            return "(closed)";
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing a SanctumAI channel: {}", e.getMessage());
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("could not remove the SanctumAI socket {}: {}", path, e.getMessage());
        }
    }
}
