package dev.arca.server.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: an append-only file of JSON lines, each chained to the one before by a SHA-256 hash, so that
 * {@link AuditVerifier} can tell when a line was changed, removed, inserted or reordered.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link #append} returns only once the entry is written, and with {@link Durability#SYNCED} forced to the
 *       disk, so an acknowledged entry survives a crash or power loss. Otherwise it throws
 *       {@link AuditUnavailableException} and the caller must not carry out the request (fail-closed).</li>
 *   <li>A failed write leaves no trace in the chain: the file is cut back to its last durable line and the next
 *       entry chains onto that line. Once the file can be written again (space freed, the path pointing at a
 *       writable file), appends succeed without a restart.</li>
 *   <li>Lines appear in the order they were written, and that order is the chain order. Concurrent appends are
 *       group-committed: one writer thread writes everything queued and forces the file once for all of it.</li>
 *   <li>A line cut short by a crash (never acknowledged) is removed when the trail is opened again.</li>
 * </ul>
 * The chain shows tampering but cannot prevent it: someone who can write the file can rewrite every line from some
 * point on with fresh hashes. Keep a copy of recent hashes elsewhere to catch that.
 *
 * <p>The trail owns its file while open: nothing else may write to it. A new file is created with mode 0600 where
 * the file system has POSIX permissions.
 */
public final class AuditTrail implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final int SCAN_CHUNK = 8192;

    /** Whether an append waits for the disk or only for the operating system. */
    public enum Durability {
        /** Each append returns once its line is forced to the disk. The one setting for a real server. */
        SYNCED,
        /** Each append returns once the operating system has the line; a power loss may lose the last lines. */
        BUFFERED
    }

    private final Path file;
    private final boolean sync;
    private final Thread writer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private Batch pending = new Batch();
    private boolean closed;

    // Owned by the writer thread after open.
    private FileChannel channel;
    private Object fileKey;
    private long durableSize;
    private String head;
    private boolean failing;
    private final MessageDigest digest = AuditChain.sha256();

    private AuditTrail(Path file, boolean sync, FileChannel channel, Object fileKey, long durableSize, String head) {
        this.file = file;
        this.sync = sync;
        this.channel = channel;
        this.fileKey = fileKey;
        this.durableSize = durableSize;
        this.head = head;
        this.writer = Thread.ofPlatform().name("audit-writer").daemon(true).unstarted(this::runWriter);
    }

    /** Opens (or creates) the trail at {@code file} with every append forced to disk. */
    public static AuditTrail open(Path file) throws IOException {
        return open(file, Durability.SYNCED);
    }

    /**
     * Opens the trail at {@code file}, creating it and its parent folders if needed, and continues the chain from
     * its last complete line; an incomplete last line left by a crash is cut away with a warning.
     *
     * @throws IOException if the file cannot be opened, or its last line is not an audit entry
     */
    public static AuditTrail open(Path file, Durability durability) throws IOException {
        Objects.requireNonNull(durability, "durability");
        var path = file.toAbsolutePath();
        var channel = openChannel(path);
        try {
            var head = recoverHead(channel, path, durability == Durability.SYNCED);
            var trail = new AuditTrail(path, durability == Durability.SYNCED, channel, fileKey(path), channel.size(), head);
            trail.writer.start();
            return trail;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Writes {@code record} as the next entry of the chain and returns once it is durable (see {@link Durability}).
     * Blocks the calling thread meanwhile; appends from many threads share one write and one force.
     *
     * @throws AuditUnavailableException if the entry could not be written, or the trail is closed; the entry is then
     *     not in the trail and the request it describes must not be carried out
     */
    public void append(AuditRecord record) {
        var encoded = AuditChain.encode(Objects.requireNonNull(record, "record"));
        Batch batch;
        lock.lock();
        try {
            if (closed) {
                throw AuditUnavailableException.closed();
            }
            batch = pending;
            batch.records.add(encoded);
            if (batch.records.size() == 1) {
                queued.signal();
            }
        } finally {
            lock.unlock();
        }
        if (!batch.awaitWritten()) {
            throw AuditUnavailableException.cannotWrite();
        }
    }

    /** Writes what is already queued, then stops; later appends throw {@link AuditUnavailableException}. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            queued.signal();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void runWriter() {
        try {
            Batch batch;
            while ((batch = nextBatch()) != null) {
                boolean written = false;
                try {
                    written = writeDurably(batch.records);
                } finally {
                    batch.finish(written);
                }
            }
        } catch (Throwable e) {
            log.error("The audit writer stopped unexpectedly; every request is refused until the server restarts", e);
            throw e;
        } finally {
            Batch abandoned;
            lock.lock();
            try {
                closed = true;
                abandoned = pending;
                pending = new Batch();
            } finally {
                lock.unlock();
            }
            abandoned.finish(false);
            closeChannel();
        }
    }

    /** The next batch to write, or null once the trail is closed and nothing is left to write. */
    private Batch nextBatch() {
        lock.lock();
        try {
            while (pending.records.isEmpty() && !closed) {
                queued.awaitUninterruptibly();
            }
            if (pending.records.isEmpty()) {
                return null;
            }
            var batch = pending;
            pending = new Batch();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private boolean writeDurably(List<AuditChain.EncodedRecord> records) {
        try {
            var target = usableChannel();
            var lines = new ByteArrayOutputStream(records.size() * 512);
            var newHead = writeLines(records, lines);
            var buffer = ByteBuffer.wrap(lines.toByteArray());
            long position = durableSize;
            while (buffer.hasRemaining()) {
                position += target.write(buffer, position);
            }
            if (sync) {
                target.force(false);
            }
            durableSize = position;
            head = newHead;
            if (failing) {
                failing = false;
                log.info("The audit trail {} can be written again; requests are carried out again", file);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                failing = true;
                log.error("Cannot write to the audit trail {}; refusing requests until it can be written", file, e);
            } else {
                log.debug("The audit trail {} still cannot be written: {}", file, e.toString());
            }
            rollBack();
            return false;
        }
    }

    private String writeLines(List<AuditChain.EncodedRecord> records, ByteArrayOutputStream out) {
        var previous = head;
        for (var record : records) {
            previous = record.writeLine(previous, digest, out);
        }
        return previous;
    }

    /**
     * Cuts the file back to its last durable line and drops the channel, so the next batch opens the path afresh:
     * that is how the trail recovers when the path is pointed at a new file. If the cut fails, the next open does it.
     */
    private void rollBack() {
        if (channel != null) {
            try {
                if (channel.size() > durableSize) {
                    channel.truncate(durableSize);
                }
            } catch (IOException e) {
                log.warn("Cannot cut the audit trail {} back to {} bytes now; will do it when it is next opened",
                        file, durableSize, e);
            }
        }
        closeChannel();
    }

    /** The open channel, or the path opened again after a failure. */
    private FileChannel usableChannel() throws IOException {
        if (channel != null) {
            return channel;
        }
        var reopened = openChannel(file);
        try {
            var key = fileKey(file);
            long size = reopened.size();
            if (key != null && !key.equals(fileKey)) {
                log.warn("The audit trail path {} now names a different file; continuing the chain from its last line", file);
                head = recoverHead(reopened, file, sync);
                durableSize = reopened.size();
            } else if (size > durableSize) {
                reopened.truncate(durableSize);
            } else if (size < durableSize) {
                throw new IOException("the audit trail " + file + " is shorter (" + size + " bytes) than the " + durableSize
                        + " bytes already written: it was cut or replaced; check it with the verifier");
            }
            fileKey = key;
            channel = reopened;
            return reopened;
        } catch (IOException | RuntimeException e) {
            reopened.close();
            throw e;
        }
    }

    private void closeChannel() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("Cannot close the audit trail {}", file, e);
        }
        channel = null;
    }

    private static FileChannel openChannel(Path file) throws IOException {
        var options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        var parent = file.getParent();
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent, posixMode("rwx------"));
            }
            return FileChannel.open(file, options, posixMode("rw-------"));
        }
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return FileChannel.open(file, options);
    }

    private static FileAttribute<Set<java.nio.file.attribute.PosixFilePermission>> posixMode(String mode) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode));
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    /**
     * The hash of the last complete line, read from the end of the file so a large trail opens quickly. An
     * incomplete last line was never acknowledged (its append did not return), so it is cut away.
     */
    private static String recoverHead(FileChannel channel, Path file, boolean sync) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return AuditChain.START_HASH;
        }
        long lastNewline = lastNewlineBefore(channel, size);
        if (lastNewline != size - 1) {
            log.warn("The audit trail {} ends in an incomplete line ({} bytes, written during a crash and never "
                    + "acknowledged); removing it", file, size - lastNewline - 1);
            channel.truncate(lastNewline + 1);
            if (sync) {
                channel.force(false);
            }
            size = lastNewline + 1;
            if (size == 0) {
                return AuditChain.START_HASH;
            }
        }
        long start = lastNewlineBefore(channel, size - 1) + 1;
        var line = ByteBuffer.allocate(Math.toIntExact(size - 1 - start));
        while (line.hasRemaining()) {
            if (channel.read(line, start + line.position()) < 0) {
                throw new IOException("the audit trail " + file + " shrank while it was being opened");
            }
        }
        return lastHash(line.array(), file);
    }

    private static String lastHash(byte[] line, Path file) throws IOException {
        Object hash;
        try {
            hash = AuditChain.CANONICAL.readValue(line, Map.class).get(AuditChain.HASH);
        } catch (IOException e) {
            throw new IOException("the last line of the audit trail " + file + " is not valid JSON; check the file with "
                    + "the verifier before appending to it", e);
        }
        if (!AuditChain.isHash(hash)) {
            throw new IOException("the last line of the audit trail " + file + " has no valid hash; check the file with "
                    + "the verifier before appending to it");
        }
        return (String) hash;
    }

    /** The position of the last newline before {@code end}, or -1 if there is none. */
    private static long lastNewlineBefore(FileChannel channel, long end) throws IOException {
        var chunk = ByteBuffer.allocate(SCAN_CHUNK);
        long chunkEnd = end;
        while (chunkEnd > 0) {
            long chunkStart = Math.max(0, chunkEnd - SCAN_CHUNK);
            chunk.clear().limit((int) (chunkEnd - chunkStart));
            while (chunk.hasRemaining()) {
                if (channel.read(chunk, chunkStart + chunk.position()) < 0) {
                    throw new IOException("the audit trail shrank while it was being opened");
                }
            }
            for (int i = chunk.limit() - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    return chunkStart + i;
                }
            }
            chunkEnd = chunkStart;
        }
        return -1;
    }

    /** The entries queued while the writer was busy; all of them succeed or fail together. */
    private static final class Batch {
        final List<AuditChain.EncodedRecord> records = new ArrayList<>();
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile boolean written;

        void finish(boolean ok) {
            written = ok;
            done.countDown();
        }

        /** Waits without giving up on interrupt: the caller must learn whether its entry is in the trail. */
        boolean awaitWritten() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return written;
        }
    }
}
