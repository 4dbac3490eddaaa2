package dev.arca.server.audit;

import dev.arca.api.Timestamps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a copy of every audit line to a collector over the network, as Vault's syslog and socket audit devices do:
 * {@code audit_syslog} as RFC 5424 messages (facility authpriv, severity info, app-name {@code arca}, msgid
 * {@code audit}; over TCP framed by octet counting, RFC 6587), {@code audit_socket} as the bare JSON lines. A copy is
 * the file's chained line byte for byte: metadata only, never a secret.
 *
 * <p>Guarantees: the file stays the record. Best effort (the default), lines are queued and sent by a thread of their
 * own, so a slow or absent collector never holds up a request; what cannot be sent (the collector unreachable, the
 * queue full) is counted ({@link #undelivered}) and logged once per outage, never per line. Required
 * ({@code audit_syslog_required}, TCP only), a batch's lines are written to the connection before its requests are
 * answered, and if that fails even on a fresh connection the batch fails: requests are refused while the collector
 * cannot be reached, as they are while the file cannot be written. A collector may then hold lines of a batch that
 * was refused and cut from the file (their seq and hash show it); TCP confirms the kernel took the bytes, not that
 * the collector stored them.
 */
public final class AuditForwarder implements AuditTrail.Sink {
    private static final Logger LOG = LoggerFactory.getLogger(AuditForwarder.class);
    private static final int QUEUE_LINES = 10_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final long RETRY_AFTER_MILLIS = 1_000;
    /** Facility authpriv (10) times 8, plus severity informational (6). */
    private static final int PRIORITY = 10 * 8 + 6;
    private static final byte[] STOP = new byte[0];

    /** How a line is put on the wire. */
    public enum Format {
        /** An RFC 5424 message whose MSG is the line. */
        SYSLOG,
        /** The line as it is, newline-terminated (Vault's socket device). */
        JSON_LINES
    }

    private final URI target;
    private final Format format;
    private final boolean required;
    private final String header;
    private final Transport transport;
    private final AtomicLong undelivered = new AtomicLong();
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_LINES);
    private final @Nullable Thread sender;
    private boolean failing;

    private AuditForwarder(URI target, Format format, boolean required) {
        this.target = target;
        this.format = format;
        this.required = required;
        this.header = " " + hostName() + " arca " + ProcessHandle.current().pid() + " audit - ";
        this.transport = new Transport(target);
        this.sender = required ? null
                : Thread.ofPlatform().name("audit-forwarder").daemon(true).start(this::sendQueued);
    }

    /**
     * A forwarder to {@code target}, {@code udp://HOST:PORT} or {@code tcp://HOST:PORT}; {@code required} (TCP only)
     * makes it fail-closed.
     *
     * @throws IllegalArgumentException if the target is not such a URL, or a UDP one is required
     */
    public static AuditForwarder to(URI target, Format format, boolean required) {
        if (!("udp".equals(target.getScheme()) || "tcp".equals(target.getScheme())) || target.getHost() == null
                || target.getPort() < 1) {
            throw new IllegalArgumentException("an audit collector is udp://HOST:PORT or tcp://HOST:PORT, got " + target);
        }
        if (required && "udp".equals(target.getScheme())) {
            throw new IllegalArgumentException("a required audit collector needs tcp://: UDP cannot tell a lost line");
        }
        return new AuditForwarder(target, format, required);
    }

    /** How many lines could not be sent since start (best effort only; a required forwarder fails instead). */
    public long undelivered() {
        return undelivered.get();
    }

    @Override
    public void send(byte[] lines) throws IOException {
        if (!required) {
            for (var line : split(lines)) {
                if (!queue.offer(line)) {
                    undelivered.incrementAndGet();
                }
            }
            return;
        }
        var messages = new ByteArrayOutputStream(lines.length + 128 * 8);
        for (var line : split(lines)) {
            messages.writeBytes(frame(line));
        }
        try {
            transport.send(messages.toByteArray());
        } catch (IOException first) {
            transport.close(); // a connection the collector dropped: once more on a fresh one
            try {
                transport.send(messages.toByteArray());
            } catch (IOException e) {
                transport.close();
                throw new IOException("cannot send the audit lines to " + target + " (audit_syslog_required): "
                        + e.getMessage(), e);
            }
        }
    }

    /** Stops the sender after what is queued (a required forwarder has none) and closes the connection. */
    @Override
    public void close() {
        if (sender != null) {
            while (!queue.offer(STOP)) {
                queue.poll(); // full: the oldest line gives way
                undelivered.incrementAndGet();
            }
            try {
                sender.join(CONNECT_TIMEOUT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        transport.close();
    }

    private void sendQueued() {
        while (true) {
            byte[] line;
            try {
                line = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (line == STOP) {
                return;
            }
            try {
                transport.send(frame(line));
                if (failing) {
                    failing = false;
                    LOG.info("Sending audit lines to {} again; {} lines could not be sent so far (they are in the "
                            + "audit file)", target, undelivered.get());
                }
            } catch (IOException e) {
                undelivered.incrementAndGet();
                transport.close();
                if (!failing) {
                    failing = true;
                    LOG.warn("Cannot send audit lines to {} ({}); they stay in the audit file, and are counted in "
                            + "arca_audit_lines_undelivered until it answers", target, e.toString());
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(RETRY_AFTER_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One line as its transport wants it: a syslog message (counted over TCP), or the JSON line. */
    private byte[] frame(byte[] line) {
        if (format == Format.JSON_LINES) {
            var withNewline = Arrays.copyOf(line, line.length + 1);
            withNewline[line.length] = '\n';
            return withNewline;
        }
        var message = new ByteArrayOutputStream(line.length + 96);
        message.writeBytes(ascii("<" + PRIORITY + ">1 " + Timestamps.format(Instant.now()) + header));
        message.writeBytes(line);
        if (transport.datagram) { // a datagram is one message; a stream needs RFC 6587 octet counting
            return message.toByteArray();
        }
        var counted = new ByteArrayOutputStream(message.size() + 8);
        counted.writeBytes(ascii(message.size() + " "));
        counted.writeBytes(message.toByteArray());
        return counted.toByteArray();
    }

    /** The lines of a batch, without their newlines. */
    private static List<byte[]> split(byte[] lines) {
        var out = new ArrayList<byte[]>();
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i] == '\n') {
                out.add(Arrays.copyOfRange(lines, start, i));
                start = i + 1;
            }
        }
        return out;
    }

    /** RFC 5424's HOSTNAME: printable ASCII without spaces, or the nil value. */
    private static String hostName() {
        try {
            var name = InetAddress.getLocalHost().getHostName();
            return name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127) ? "-" : name;
        } catch (UnknownHostException e) {
            return "-";
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A connection to the collector (a datagram channel for {@code udp://}, a stream for {@code tcp://}), opened when
     * first needed and again after {@link #close}. One thread sends (the sender, or the writer when required);
     * {@link #close} may come from another at shutdown, and unblocks a send stuck on a collector that stopped reading.
     */
    private static final class Transport {
        private final URI target;
        private final boolean datagram;
        private volatile @Nullable ByteChannel channel;

        Transport(URI target) {
            this.target = target;
            this.datagram = "udp".equals(target.getScheme());
        }

        void send(byte[] bytes) throws IOException {
            var open = channel;
            if (open == null) {
                open = connect();
                channel = open;
            }
            var buffer = ByteBuffer.wrap(bytes); // one datagram per message over UDP
            while (buffer.hasRemaining()) {
                open.write(buffer);
            }
        }

        /** The collector's address is looked up again at each connect (its name may move). */
        private ByteChannel connect() throws IOException {
            var address = new InetSocketAddress(target.getHost(), target.getPort());
            if (address.isUnresolved()) {
                throw new IOException("cannot resolve " + target.getHost());
            }
            ByteChannel opened = datagram ? DatagramChannel.open() : SocketChannel.open();
            try {
                if (opened instanceof DatagramChannel udp) {
                    udp.connect(address);
                } else {
                    ((SocketChannel) opened).socket().connect(address, CONNECT_TIMEOUT_MILLIS);
                }
                return opened;
            } catch (IOException e) {
                opened.close();
                throw e;
            }
        }

        void close() {
            closeQuietly(channel);
            channel = null;
        }
    }

    private static void closeQuietly(@Nullable AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("Closing the audit collector's connection failed", e);
        }
    }
}
