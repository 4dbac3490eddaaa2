package dev.arca.server.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server keeps on disk is for its own user only: directories it makes are created 0700 and files 0600, at
 * creation (never created open and narrowed afterwards, so there is no moment another user could open them). On a
 * file system without POSIX modes (Windows) the platform's defaults apply.
 *
 * <p>Files left looser by an earlier version or by hand are narrowed to 0600 at start with a warning, as they are
 * the server's own. A directory is only warned about: the data directory may have been pointed at a directory
 * others use too, and changing its mode could break them.
 */
public final class PrivateFiles {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {}

    /** Creates {@code dir} and any missing parent with mode 0700; an existing one is left as it is. */
    public static void createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        if (isPosix(absolute)) {
            Files.createDirectories(absolute, mode("rwx------"));
        } else {
            Files.createDirectories(absolute);
        }
    }

    /** Creates an empty {@code file} with mode 0600 unless it exists; an existing one is narrowed to 0600. */
    public static void createFile(Path file) throws IOException {
        try {
            if (isPosix(file.toAbsolutePath())) {
                Files.createFile(file, mode("rw-------"));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException exists) {
            narrow(List.of(file));
        }
    }

    /**
     * Opens {@code file} to read and write, creating it with mode 0600 (and its missing directories 0700) if it does
     * not exist; an existing file keeps its mode (see {@link #narrow}).
     */
    public static FileChannel openChannel(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            createDirectories(absolute.getParent());
        }
        var options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return isPosix(absolute) ? FileChannel.open(file, options, mode("rw-------")) : FileChannel.open(file, options);
    }

    /** Narrows each of {@code files} that exists and is open to others to 0600, saying so in the log. */
    public static void narrow(List<Path> files) throws IOException {
        for (Path file : files) {
            if (Files.isRegularFile(file) && isPosix(file.toAbsolutePath())) {
                Set<PosixFilePermission> current = Files.getPosixFilePermissions(file);
                if (current.stream().anyMatch(OTHERS::contains)) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    LOG.warn("{} was readable or writable by others (mode {}); narrowed to rw-------", file,
                            PosixFilePermissions.toString(current));
                }
            }
        }
    }

    /** Warns when {@code dir} exists and other users may list or enter it; changes nothing. */
    public static void warnIfOpen(Path dir) throws IOException {
        if (Files.isDirectory(dir) && isPosix(dir.toAbsolutePath())) {
            Set<PosixFilePermission> current = Files.getPosixFilePermissions(dir);
            if (current.stream().anyMatch(OTHERS::contains)) {
                LOG.warn("{} is open to other users (mode {}); the server's files in it are 0600, but make the "
                        + "directory 0700 (chmod 700) so that not even their names show", dir,
                        PosixFilePermissions.toString(current));
            }
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> mode(String mode) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode));
    }
}
