package dev.arca.server.frontend.sanctum;

import dev.arca.server.config.ConfigException;
import dev.arca.server.net.SocketFiles;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The door's Unix socket file, made as the main listener makes its own ({@link SocketFiles#prepare}: the parent
 * directory created 0700 when missing, a stale socket replaced, a live one or a file that is not a socket refused),
 * and narrowed to 0600 before the first connection is accepted.
 */
final class SocketFile {
    private SocketFile() {}

    /** A server channel bound to {@code path}, which only its owner may connect to. */
    static ServerSocketChannel bind(Path path) {
        SocketFiles.prepare(path, "--sanctum-socket");
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
}
