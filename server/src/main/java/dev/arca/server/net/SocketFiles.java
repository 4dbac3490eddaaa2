package dev.arca.server.net;

import dev.arca.server.config.ConfigException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/** Where a listener's Unix socket file goes: the main listener's ({@code --socket}) and the SanctumAI door's. */
public final class SocketFiles {
    private SocketFiles() {}

    /**
     * Makes the parent directory (mode 0700) when it is missing and removes a stale socket file left by a server
     * that crashed (nothing accepts a connection on it). A live socket means another server: refuse, rather than
     * take its address away; so is a file that is not a socket.
     *
     * @param flag the option that chooses the path, named in the refusal ({@code --socket})
     * @throws ConfigException saying what to do
     */
    public static void prepare(Path path, String flag) {
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
                                    + "path with " + flag + " PATH"
                            : path + " exists and is not a socket; remove it, or choose another path with " + flag
                                    + " PATH");
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
}
