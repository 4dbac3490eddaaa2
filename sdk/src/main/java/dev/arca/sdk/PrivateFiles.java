package dev.arca.sdk;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * Writes files that hold credentials (a private key, an identity, a token): owner-only ({@code 0600}, directories
 * {@code 0700}) from the moment they exist, and replaced atomically so a reader never sees half a key.
 */
final class PrivateFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {}

    /** Writes {@code content} to {@code file} with mode 0600, creating missing parent directories with mode 0700. */
    static void write(Path file, byte[] content) throws IOException {
        write(file, temp -> Files.write(temp, content));
    }

    /** What fills the new file before it takes {@code file}'s place. */
    interface Content {
        void writeTo(Path temp) throws IOException;
    }

    /**
     * Writes to {@code file} as {@link #write(Path, byte[])} does, what {@code content} puts in a private temporary
     * file beside it; when {@code content} fails, {@code file} is left as it was.
     */
    static void write(Path file, Content content) throws IOException {
        Path dir = Objects.requireNonNull(file.toAbsolutePath().getParent(), "a file has a directory");
        if (!Files.isDirectory(dir)) {
            if (POSIX) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        Path temp = POSIX
                ? Files.createTempFile(dir, ".arca-", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".arca-", ".tmp");
        try {
            content.writeTo(temp);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
