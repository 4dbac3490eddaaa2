package dev.arca.server.frontend.http;

import dev.arca.server.config.ConfigException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;

/**
 * The Unix domain socket listener (docs/API-use.md "Unix domain socket"): plain HTTP/1.1 on a socket file only its
 * owner may open (mode 0600), behind the same routes and pipeline as the TCP listener. The file system, not TLS,
 * protects the traffic, so the socket is never served with TLS.
 *
 * <p>A socket caller has no IP address; it is given {@code 127.0.0.1}, the address of a local caller, so that
 * allowlists, {@code ip_ranges} and per-address rate limits treat it like one, and its requests are marked so the
 * audit trail says {@code transport: unix}.
 */
final class UnixSocketConnector extends UnixDomainServerConnector {
    /** The request attribute that marks a request received on the socket. */
    static final String TRANSPORT_ATTRIBUTE = "dev.arca.transport";
    static final String UNIX = "unix";
    private static final InetSocketAddress LOCAL_CALLER = new InetSocketAddress("127.0.0.1", 0);

    private final Path path;

    private UnixSocketConnector(Server server, HttpConfiguration http, Path path) {
        super(server, new HttpConnectionFactory(http));
        this.path = path;
        setUnixDomainPath(path);
    }

    /**
     * A connector for {@code path} with these HTTP settings plus the local-caller marking. The file is made ready at
     * once (see {@link #prepare}), so a live socket stops the start before anything listens.
     */
    static UnixSocketConnector create(Server server, HttpConfiguration http, Path path) {
        prepare(path);
        http.addCustomizer(UnixSocketConnector::asLocalCaller);
        return new UnixSocketConnector(server, http, path);
    }

    /**
     * Makes the parent directory (mode 0700) when it is missing and removes a stale socket file left by a server
     * that crashed (nothing accepts a connection on it). A live socket means another server: refuse, rather than
     * take its address away.
     */
    static void prepare(Path path) {
        Path parent = Objects.requireNonNull(path.toAbsolutePath().getParent(), "a socket path names a file");
        try {
            if (!Files.isDirectory(parent)) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                boolean socket = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                        .isOther();
                if (!socket || isLive(path)) {
                    throw new ConfigException(socket
                            ? "another server is listening on the socket " + path + "; stop it, or choose another "
                                    + "path with --socket PATH"
                            : path + " exists and is not a socket; remove it, or choose another path with --socket PATH");
                }
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot prepare the socket " + path + ": " + e.getMessage());
        }
    }

    private static boolean isLive(Path path) {
        try (var channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException refused) {
            return false;
        }
    }

    /** Only the owner may connect: set right after the bind, before the server answers its first request. */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    }

    private static Request asLocalCaller(Request request, HttpFields.Mutable responseHeaders) {
        request.setAttribute(TRANSPORT_ATTRIBUTE, UNIX);
        var metaData = new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
            @Override
            public SocketAddress getRemoteSocketAddress() {
                return LOCAL_CALLER;
            }
        };
        return new Request.Wrapper(request) {
            @Override
            public ConnectionMetaData getConnectionMetaData() {
                return metaData;
            }
        };
    }
}
