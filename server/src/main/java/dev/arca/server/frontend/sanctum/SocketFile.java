package dev.arca.server.frontend.sanctum;

import dev.arca.server.config.ConfigException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * The door's Unix socket file, made as the main listener makes its own ({@code frontend.http.UnixSocketConnector}):
 * the parent directory created 0700 when missing, a stale socket (nothing accepts on it) replaced, a live one or a
 * file that is not a socket refused, and the socket narrowed to 0600 before the first connection is accepted.
 */
final class SocketFile {
    private SocketFile() {}

    /** A server channel bound to {@code path}, which only its owner may connect to. */
    static ServerSocketChannel bind(Path path) {
        prepare(path);
        try {
            var channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.bind(UnixDomainSocketAddress.of(path));
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
                return channel;
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new ConfigException("cannot listen on the SanctumAI socket " + path + ": " + e.getMessage());
        }
    }

    private static void prepare(Path path) {
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
                                    + "path with --sanctum-socket PATH"
                            : path + " exists and is not a socket; remove it, or choose another path with "
                                    + "--sanctum-socket PATH");
                }
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot prepare the SanctumAI socket " + path + ": " + e.getMessage());
        }
    }

    private static boolean isLive(Path path) {
        try (var channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException refused) {
            return false;
        }
    }
}
