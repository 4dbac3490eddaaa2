package dev.arca.server.audit;

import dev.arca.server.storage.PrivateFiles;
import dev.arca.server.storage.Waits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: an append-only file of JSON lines, each numbered ({@code seq}) and chained to the one before by a
 * SHA-256 hash, and MAC-ed with the {@link ChainKey} while it is in memory, so that {@link AuditVerifier} can tell when
 * a line was changed, removed, inserted or reordered, and with the key when lines were rewritten with fresh hashes.
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
 *   <li>{@link #append} returns the entry's {@link AuditHead} (seq, hash, MAC), which the server keeps as the
 *       head in the database with each committed write ({@link AuditHeadStore}), so a cut or removed file is found
 *       at the next start ({@link AuditHeadCheck}).</li>
 *   <li>If the path stops naming the open file (unlinked, renamed away, replaced) or the file was cut behind the
 *       trail, the trail never writes on into the lost file: it opens the path again (creating it if missing) and
 *       writes a {@code break} entry naming the seq and hash it continues from before the batch, so the loss is in
 *       the trail itself.</li>
 *   <li>A rotation is not a break: when the open file was renamed within its directory (logrotate's {@code create}
 *       mode, noticed at the next batch or at once on {@link #reopen}) or the trail renamed it itself at
 *       {@link Rotation#maxBytes}, the path is opened afresh and its first line is a {@code rotated} entry that
 *       chains onto the previous file's last line (the next seq, its hash as prev_hash) and names that file. Every
 *       line is in exactly one of the files: rotation happens in the writer thread between batches.</li>
 * </ul>
 * The chain and the MACs show tampering but cannot prevent it.
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

    /**
     * Rotation by size: once the file holds {@code maxBytes} or more, the next batch first renames it to
     * {@code FILE.1} (shifting {@code FILE.1} to {@code FILE.2} and so on, dropping what would become
     * {@code FILE.<keep+1>}). {@link #NONE}: the trail never renames its file (an operator's logrotate may).
     */
    public record Rotation(long maxBytes, int keep) {
        public static final Rotation NONE = new Rotation(0, 0);

        public Rotation {
            if (maxBytes < 0 || keep < 0 || (maxBytes > 0 && keep < 1)) {
                throw new IllegalArgumentException("rotation by size needs a positive size and at least one kept file");
            }
        }
    }

    /**
     * Where a copy of every durable line goes besides the file ({@code audit_syslog}, {@code audit_socket}). Called on
     * the writer thread with the lines of one batch (each ending in a newline) once they are forced to the file and
     * before their appends return. A sink that throws fails the batch, which is then cut from the file: only a sink
     * meant to be fail-closed throws; the others hand the lines on without blocking. The trail closes its sinks.
     */
    public interface Sink extends AutoCloseable {
        void send(byte[] lines) throws IOException;

        @Override
        void close();
    }

    private final Path file;
    private final boolean sync;
    private final Rotation rotation;
    private final List<Sink> sinks;
    /** Told the head of each {@code rotated} entry once it is durable, so the database's head follows the file. */
    private final Consumer<AuditHead> onRotated;
    private final Thread writer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private Batch pending = new Batch();
    private boolean closed;
    private boolean reopenRequested;

    // Owned by the writer thread after open.
    private @Nullable FileChannel channel;
    private @Nullable Object fileKey;
    private long durableSize;
    private String head;
    private long seq;
    private boolean failing;
    /** Why the last file was lost and where it ended ({@link #detectLostFile}), until the break entry is durable. */
    private @Nullable PendingBreak pendingBreak;
    /** The file rotated away and where it ended, until the {@code rotated} entry opening the new file is durable. */
    private @Nullable PendingRotation pendingRotation;
    private final ChainKey key;
    private final MessageDigest digest = AuditChain.sha256();

    private AuditTrail(Path file, boolean sync, Rotation rotation, List<Sink> sinks, Consumer<AuditHead> onRotated,
            ChainKey key, FileChannel channel, @Nullable Object fileKey, long durableSize, Tail tail) {
        this.file = file;
        this.sync = sync;
        this.rotation = rotation;
        this.sinks = List.copyOf(sinks);
        this.onRotated = onRotated;
        this.key = key;
        this.channel = channel;
        this.fileKey = fileKey;
        this.durableSize = durableSize;
        this.head = tail.hash();
        this.seq = tail.seq();
        this.writer = Thread.ofPlatform().name("audit-writer").daemon(true).unstarted(this::runWriter);
    }

    /** Opens (or creates) the trail at {@code file} with every append forced to disk and no chain key. */
    public static AuditTrail open(Path file) throws IOException {
        return open(file, Durability.SYNCED);
    }

    /** As {@link #open(Path, Durability, ChainKey, long)} without a chain key or a seq to continue after. */
    public static AuditTrail open(Path file, Durability durability) throws IOException {
        return open(file, durability, ChainKey.NONE, 0);
    }

    /**
     * Opens the trail at {@code file}, creating it and its parent folders if needed, and continues the chain from
     * its last complete line; an incomplete last line left by a crash is cut away with a warning. The next entry's
     * seq is one more than the last line's, or than {@code seqFloor} if that is higher (the head the database
     * recorded, when the file was cut behind it and the server goes on after a {@link #recordBreak}). An empty file
     * where the database recorded entries, beside a rotated file that holds them (renamed away while the server was
     * stopped), starts with a {@code rotated} entry chained onto that file's last line.
     *
     * @throws IOException if the file cannot be opened, or its last line is not an audit entry
     */
    public static AuditTrail open(Path file, Durability durability, ChainKey key, long seqFloor) throws IOException {
        return open(file, durability, key, seqFloor, Rotation.NONE, List.of(), head -> {});
    }

    /**
     * As {@link #open(Path, Durability, ChainKey, long)}, rotating by size as {@code rotation} says, copying every
     * line to {@code sinks} and telling {@code onRotated} (on the writer thread: it must not block) the head of every
     * {@code rotated} entry written.
     */
    public static AuditTrail open(Path file, Durability durability, ChainKey key, long seqFloor, Rotation rotation,
            List<Sink> sinks, Consumer<AuditHead> onRotated) throws IOException {
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rotation, "rotation");
        Objects.requireNonNull(onRotated, "onRotated");
        var path = file.toAbsolutePath();
        var channel = PrivateFiles.openChannel(path);
        try {
            var tail = recoverTail(channel, path, durability == Durability.SYNCED);
            var renamedWhileStopped = tail.equals(Tail.EMPTY) && seqFloor > 0
                    ? AuditHeadCheck.newestRotated(path, seqFloor) : Optional.<AuditHeadCheck.Rotated>empty();
            tail = renamedWhileStopped.map(r -> new Tail(r.hash(), r.seq()))
                    .orElse(new Tail(tail.hash(), Math.max(tail.seq(), seqFloor)));
            var trail = new AuditTrail(path, durability == Durability.SYNCED, rotation, sinks, onRotated, key,
                    channel, fileKey(path), channel.size(), tail);
            if (renamedWhileStopped.isPresent()) {
                trail.pendingRotation = new PendingRotation("renamed",
                        String.valueOf(renamedWhileStopped.get().path().getFileName()), tail);
            }
            trail.writer.start();
            return trail;
        } catch (IOException | RuntimeException e) {
            channel.close();
            sinks.forEach(Sink::close);
            throw e;
        }
    }

    /**
     * Writes {@code record} as the next entry of the chain and returns once it is durable (see {@link Durability}).
     * Blocks the calling thread meanwhile; appends from many threads share one write and one force.
     *
     * @return where the entry sits in the chain
     * @throws AuditUnavailableException if the entry could not be written, or the trail is closed; the entry is then
     *     not in the trail and the request it describes must not be carried out
     */
    public AuditHead append(AuditRecord record) {
        return appendLater(record).await();
    }

    /**
     * Queues {@code record} as the next entry of the chain and returns at once; {@link Appending#await} then waits
     * until it is durable. The chain order is the order of these calls. For a caller that has more to do before it
     * needs the entry durable: the writes of a combined transaction queue their entries one after another and wait
     * for all of them together just before the commit, so one force of the file covers them all.
     *
     * @throws AuditUnavailableException if the trail is closed
     */
    public Appending appendLater(AuditRecord record) {
        var encoded = AuditChain.encode(Objects.requireNonNull(record, "record"));
        lock.lock();
        try {
            if (closed) {
                throw AuditUnavailableException.closed();
            }
            var batch = pending;
            batch.records.add(encoded);
            if (batch.records.size() == 1) {
                queued.signal();
            }
            return new Appending(batch, batch.records.size() - 1);
        } finally {
            lock.unlock();
        }
    }

    /** An entry queued by {@link #appendLater}. */
    public static final class Appending {
        private final Batch batch;
        private final int index;

        private Appending(Batch batch, int index) {
            this.batch = batch;
            this.index = index;
        }

        /**
         * Waits until the entry is durable (see {@link Durability}).
         *
         * @return where the entry sits in the chain
         * @throws AuditUnavailableException if the entry could not be written; the request it describes must then not
         *     be carried out
         */
        public AuditHead await() {
            var links = batch.awaitLinks();
            if (links == null) {
                throw AuditUnavailableException.cannotWrite();
            }
            return links.get(index);
        }
    }

    /**
     * Writes a {@code break} entry: the trail does not continue where the database says it should, and the server
     * goes on in a new segment that starts with this record of what was expected.
     */
    public AuditHead recordBreak(String reason, Map<String, String> details) {
        return append(AuditRecord.chainBreak(reason, details));
    }

    /**
     * Has the writer look at the path now rather than at the next append, what {@code SIGHUP} asks after logrotate
     * renamed the file: if the file was renamed away, the new file gets its {@code rotated} entry at once. Returns
     * without waiting; a path that still names the open file changes nothing.
     */
    public void reopen() {
        lock.lock();
        try {
            reopenRequested = true;
            queued.signal();
        } finally {
            lock.unlock();
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
        Waits.joinUninterruptibly(writer);
    }

    private void runWriter() {
        try {
            Batch batch;
            while ((batch = nextBatch()) != null) {
                @Nullable List<AuditHead> written = null;
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
            abandoned.finish(null);
            closeChannel();
            sinks.forEach(Sink::close);
        }
    }

    /**
     * The next batch to write (empty when only a {@link #reopen} was asked), or null once the trail is closed and
     * nothing is left to write.
     */
    private @Nullable Batch nextBatch() {
        lock.lock();
        try {
            while (pending.records.isEmpty() && !closed && !reopenRequested) {
                queued.awaitUninterruptibly();
            }
            if (pending.records.isEmpty() && (closed || !reopenRequested)) {
                return null;
            }
            reopenRequested = false;
            var batch = pending;
            pending = new Batch();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Where each of {@code records} sits once durable, or null if they could not be written. */
    private @Nullable List<AuditHead> writeDurably(List<AuditChain.EncodedRecord> records) {
        try {
            detectLostFile();
            rotateIfFull();
            var target = usableChannel();
            var lines = new ByteArrayOutputStream(records.size() * 512 + 512);
            long newSeq = seq;
            String newHead = head;
            @Nullable AuditHead anchor = null;
            if (pendingBreak != null) {
                var link = AuditChain.encode(AuditRecord.chainBreak(pendingBreak.reason(), Map.of(
                        "previous_seq", Long.toString(pendingBreak.from().seq()),
                        "previous_hash", pendingBreak.from().hash()))).writeLine(newHead, ++newSeq, key, digest, lines);
                newHead = link.hash();
            } else if (pendingRotation != null) {
                anchor = AuditChain.encode(AuditRecord.rotated(pendingRotation.reason(), Map.of(
                        "previous_file", pendingRotation.previousFile(),
                        "previous_seq", Long.toString(pendingRotation.from().seq()),
                        "previous_hash", pendingRotation.from().hash()))).writeLine(newHead, ++newSeq, key, digest,
                        lines);
                newHead = anchor.hash();
            }
            if (lines.size() == 0 && records.isEmpty()) {
                return List.of(); // a reopen that found the path unchanged
            }
            var links = new ArrayList<AuditHead>(records.size());
            for (var record : records) {
                var link = record.writeLine(newHead, ++newSeq, key, digest, lines);
                links.add(link);
                newHead = link.hash();
            }
            var bytes = lines.toByteArray();
            var buffer = ByteBuffer.wrap(bytes);
            long position = durableSize;
            while (buffer.hasRemaining()) {
                position += target.write(buffer, position);
            }
            if (sync) {
                target.force(false);
                if (anchor != null) {
                    forceDirectory(); // the renamed old file and the new one survive a crash too
                }
            }
            for (var sink : sinks) {
                sink.send(bytes);
            }
            durableSize = position;
            head = newHead;
            seq = newSeq;
            pendingBreak = null;
            if (anchor != null) {
                log.info("The audit trail {} continues from {} (rotated at seq {})", file,
                        Objects.requireNonNull(pendingRotation).previousFile(), anchor.seq());
                pendingRotation = null;
                onRotated.accept(anchor);
            }
            if (failing) {
                failing = false;
                log.info("The audit trail {} can be written again; requests are carried out again", file);
            }
            return links;
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                failing = true;
                log.error("Cannot write to the audit trail {}; refusing requests until it can be written", file, e);
            } else {
                log.debug("The audit trail {} still cannot be written: {}", file, e.toString());
            }
            rollBack();
            return null;
        }
    }

    /**
     * Notices when the open channel no longer writes into the file at the path ({@code file_missing},
     * {@code file_replaced}) or the file was cut behind the trail ({@code file_truncated}): then the channel is
     * dropped, so the path is opened afresh, and the next durable batch starts with a break entry. Lines written into
     * an unlinked file would be lost to every reader. A file renamed within its directory is a rotation instead: the
     * new file starts with a {@code rotated} entry.
     */
    private void detectLostFile() throws IOException {
        if (channel == null) {
            return;
        }
        String lost;
        try {
            var pathKey = fileKey(file);
            lost = pathKey != null && !pathKey.equals(fileKey) ? "file_replaced"
                    : channel.size() < durableSize ? "file_truncated" : null;
        } catch (java.nio.file.NoSuchFileException e) {
            lost = "file_missing";
        }
        if (lost == null) {
            return;
        }
        var renamed = lost.equals("file_truncated") ? null : renamedTo(fileKey);
        if (renamed != null) {
            pendingRotation = new PendingRotation("renamed", renamed, new Tail(head, seq));
        } else {
            log.error("The audit trail {} is no longer the file being written ({}): the lines in the lost file are "
                    + "gone from this path; writing on into it after a break entry at seq {}", file,
                    lost.replace('_', ' '), seq + 1);
            pendingBreak = new PendingBreak(lost, new Tail(head, seq));
        }
        closeChannel();
        fileKey = null;
        durableSize = 0;
    }

    /**
     * The name, in the trail's directory, the open file now goes by when it was renamed away (a rotation), or null
     * when it is not there (unlinked, or moved elsewhere: lines in it may be lost to readers, a break).
     */
    private @Nullable String renamedTo(@Nullable Object openKey) throws IOException {
        if (openKey == null) {
            return null;
        }
        try (var siblings = Files.list(Objects.requireNonNull(file.getParent(), "an absolute path has a parent"))) {
            return siblings.filter(sibling -> !sibling.equals(file) && sameFile(sibling, openKey))
                    .map(sibling -> sibling.getFileName().toString())
                    .findFirst().orElse(null);
        }
    }

    private static boolean sameFile(Path candidate, Object openKey) {
        try {
            var attributes = Files.readAttributes(candidate, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() && openKey.equals(attributes.fileKey());
        } catch (IOException e) {
            return false; // gone meanwhile, or unreadable: not the open file
        }
    }

    /**
     * At {@link Rotation#maxBytes}: renames the file to {@code FILE.1} after shifting the older ones, so the next
     * batch opens the path afresh and starts it with a {@code rotated} entry. A rename that fails fails the batch;
     * the next one tries again (a shift already done is not repeated: missing files are skipped).
     */
    private void rotateIfFull() throws IOException {
        if (rotation.maxBytes() == 0 || pendingRotation != null || durableSize < rotation.maxBytes()) {
            return;
        }
        closeChannel();
        Files.deleteIfExists(numbered(rotation.keep()));
        for (int i = rotation.keep() - 1; i >= 1; i--) {
            if (Files.exists(numbered(i), LinkOption.NOFOLLOW_LINKS)) {
                Files.move(numbered(i), numbered(i + 1), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(file, numbered(1), StandardCopyOption.ATOMIC_MOVE);
        fileKey = null;
        durableSize = 0;
        pendingRotation = new PendingRotation("size", numbered(1).getFileName().toString(), new Tail(head, seq));
    }

    /** {@code FILE.n}, a file rotated away by size. */
    private Path numbered(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    private void forceDirectory() throws IOException {
        try (var directory = FileChannel.open(Objects.requireNonNull(file.getParent(), "an absolute path has a parent"),
                StandardOpenOption.READ)) {
            directory.force(true);
        }
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
        var reopened = PrivateFiles.openChannel(file);
        try {
            var pathKey = fileKey(file);
            long size = reopened.size();
            if (fileKey == null || (pathKey != null && !pathKey.equals(fileKey))) {
                continueIn(recoverTail(reopened, file, sync));
                durableSize = reopened.size();
            } else if (size > durableSize) {
                reopened.truncate(durableSize);
            } else if (size < durableSize) {
                throw new IOException("the audit trail " + file + " is shorter (" + size + " bytes) than the " + durableSize
                        + " bytes already written: it was cut or replaced; check it with the verifier");
            }
            fileKey = pathKey;
            channel = reopened;
            return reopened;
        } catch (IOException | RuntimeException e) {
            reopened.close();
            throw e;
        }
    }

    /**
     * The path names another file than the one written so far: if it ends with this trail's last line (the same
     * file restored) or this trail wrote nothing yet (nothing of it is lost), the chain goes on from its last line;
     * otherwise the next batch starts with a break entry after whatever the file holds.
     */
    private void continueIn(Tail found) {
        if (found.hash().equals(head) && found.seq() == seq) {
            pendingBreak = null;
            pendingRotation = null;
        } else if (seq == 0) {
            head = found.hash();
            seq = found.seq();
            pendingBreak = null;
            pendingRotation = null;
        } else if (pendingRotation != null && found.equals(Tail.EMPTY)) {
            return; // the new file of a rotation: the rotated entry goes first
        } else {
            pendingRotation = null;
            if (pendingBreak == null) {
                log.error("The audit trail path {} now names another file; writing on into it after a break entry",
                        file);
                pendingBreak = new PendingBreak("file_replaced", new Tail(head, seq));
            }
            seq = Math.max(seq, found.seq()); // the break's seq must follow the file's last line too
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

    private static @Nullable Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    /** Why the trail lost its file ({@code file_missing}, {@code file_replaced}, {@code file_truncated}); its last line. */
    private record PendingBreak(String reason, Tail from) {}

    /** Why the file was rotated ({@code size}, {@code renamed}), its name now (in the same directory), its last line. */
    private record PendingRotation(String reason, String previousFile, Tail from) {}

    /** The hash and seq of a file's last line; seq 0 for an empty file or one written before entries had one. */
    private record Tail(String hash, long seq) {
        static final Tail EMPTY = new Tail(AuditChain.START_HASH, 0);
    }

    /**
     * The hash and seq of the last complete line, read from the end of the file so a large trail opens quickly. An
     * incomplete last line was never acknowledged (its append did not return), so it is cut away.
     */
    private static Tail recoverTail(FileChannel channel, Path file, boolean sync) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return Tail.EMPTY;
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
                return Tail.EMPTY;
            }
        }
        long start = lastNewlineBefore(channel, size - 1) + 1;
        var line = ByteBuffer.allocate(Math.toIntExact(size - 1 - start));
        while (line.hasRemaining()) {
            if (channel.read(line, start + line.position()) < 0) {
                throw new IOException("the audit trail " + file + " shrank while it was being opened");
            }
        }
        return lastLink(line.array(), file);
    }

    private static Tail lastLink(byte[] line, Path file) throws IOException {
        Object hash;
        Object seq;
        try {
            var fields = AuditChain.CANONICAL.readValue(line, Map.class);
            hash = fields.get(AuditChain.HASH);
            seq = fields.get(AuditChain.SEQ);
        } catch (IOException e) {
            throw new IOException("the last line of the audit trail " + file + " is not valid JSON; check the file with "
                    + "the verifier before appending to it", e);
        }
        if (!(hash instanceof String text) || !AuditChain.isHash(text)) {
            throw new IOException("the last line of the audit trail " + file + " has no valid hash; check the file with "
                    + "the verifier before appending to it");
        }
        return new Tail(text, seq instanceof Number n ? n.longValue() : 0);
    }

    /** The position of the last newline before {@code end}, or -1 if there is none. */
    static long lastNewlineBefore(FileChannel channel, long end) throws IOException {
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
        private volatile @Nullable List<AuditHead> links;

        /** {@code written}: the links of the records in order, or null when they were not written. */
        void finish(@Nullable List<AuditHead> written) {
            links = written;
            done.countDown();
        }

        /**
         * The links of the records once written, or null when they were not; waits without giving up on interrupt:
         * the caller must learn whether its entry is in the trail.
         */
        @Nullable List<AuditHead> awaitLinks() {
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
            return links;
        }
    }
}
