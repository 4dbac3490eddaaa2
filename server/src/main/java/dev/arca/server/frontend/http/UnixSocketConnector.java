package dev.arca.server.frontend.http;

import dev.arca.server.net.SocketFiles;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
     * once (see {@link SocketFiles#prepare}), so a live socket stops the start before anything listens.
     */
    static UnixSocketConnector create(Server server, HttpConfiguration http, Path path) {
        SocketFiles.prepare(path, "--socket");
        http.addCustomizer(UnixSocketConnector::asLocalCaller);
        return new UnixSocketConnector(server, http, path);
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
