package dev.arca.server.frontend.sanctum;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * SanctumAI's framing: a 4-byte big-endian unsigned length, then that many bytes of UTF-8 JSON. A frame longer than
 * {@link #MAX_BYTES} (the Python client's own cap on answers) is refused before its body is read, so a length can
 * never make the door allocate more than that.
 */
final class Frames {
    static final int MAX_BYTES = 4 * 1024 * 1024;

    /** What reading one frame gave. */
    sealed interface Read {}

    /** A whole frame's JSON bytes. */
    record Message(byte[] json) implements Read {}

    /** A length over the cap; the body was not read, so the stream is out of step and the connection must close. */
    record TooLarge(long length) implements Read {}

    /** The peer closed the connection, between frames or in the middle of one. */
    record Ended() implements Read {}

    private Frames() {}

    static Read read(InputStream in) throws IOException {
        byte[] header = in.readNBytes(4);
        if (header.length < 4) {
            return new Ended();
        }
        long length = Integer.toUnsignedLong(ByteBuffer.wrap(header).getInt());
        if (length > MAX_BYTES) {
            return new TooLarge(length);
        }
        byte[] json = in.readNBytes((int) length);
        return json.length < length ? new Ended() : new Message(json);
    }

    /** Writes one frame and flushes it. */
    static void write(OutputStream out, byte[] json) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(json.length).array());
        out.write(json);
        out.flush();
    }
}
