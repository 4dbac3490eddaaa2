package dev.arca.server.frontend.sanctum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.HexFormat;
import java.util.Map;

/**
 * A SanctumAI client as the protocol's facts describe one (written here, not taken from any SDK): 4-byte big-endian
 * length frames of JSON {@code {"id", "method", "params"}}, ids counting from 1, read strictly in order. Its JSON is
 * compact like Python's {@code separators=(",", ":")} and Node's {@code JSON.stringify}, or, {@link #spaced}, like
 * Python's default {@code ", "} and {@code ": "}.
 */
final class SanctumTestClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;
    private boolean spaced;
    private int nextId = 1;
    String sessionId;

    private SanctumTestClient(SocketChannel channel) {
        this.channel = channel;
        this.in = Channels.newInputStream(channel);
        this.out = Channels.newOutputStream(channel);
    }

    static SanctumTestClient unix(Path socket) throws IOException {
        var channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return new SanctumTestClient(channel);
    }

    static SanctumTestClient tcp(int port) throws IOException {
        return new SanctumTestClient(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
    }

    /** From now on writes JSON with a space after every {@code ,} and {@code :}. */
    SanctumTestClient spaced() {
        this.spaced = true;
        return this;
    }

    /** One call; the whole answer frame ({@code id} and {@code result} or {@code error}). */
    JsonNode call(String method, Map<String, ?> params) throws IOException {
        ObjectNode request = JSON.createObjectNode();
        request.put("id", nextId++);
        request.put("method", method);
        request.set("params", JSON.valueToTree(params));
        String text = JSON.writeValueAsString(request);
        if (spaced) {
            text = spaces(text);
        }
        sendRaw(text.getBytes(StandardCharsets.UTF_8));
        return read();
    }

    /** A call's result; fails the test with the error when the door answered one. */
    JsonNode result(String method, Map<String, ?> params) throws IOException {
        JsonNode answer = call(method, params);
        if (!answer.has("result")) {
            throw new AssertionError(method + " answered " + answer);
        }
        return answer.get("result");
    }

    /** The Python/Node dialect's authentication: authenticate, sign the hex challenge, challenge_response. */
    JsonNode authenticate(String agent, PrivateKey key) throws IOException {
        JsonNode started = result("authenticate", Map.of("agent_name", agent));
        sessionId = started.get("session_id").asText();
        return call("challenge_response", Map.of("session_id", sessionId, "signature",
                sign(key, started.get("challenge").asText())));
    }

    /** The hex Ed25519 signature of the bytes {@code challengeHex} stands for. */
    static String sign(PrivateKey key, String challengeHex) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(HexFormat.of().parseHex(challengeHex));
            return HexFormat.of().formatHex(signer.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A frame of these bytes, whatever they hold. */
    void sendRaw(byte[] payload) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(payload.length).array());
        out.write(payload);
        out.flush();
    }

    /** Just the length header (and {@code body} after it), as a client that lies about its frame would send. */
    void sendHeader(long length, byte[] body) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt((int) length).array());
        out.write(body);
        out.flush();
    }

    /** Closes the sending half, so the door sees the end of the stream. */
    void endOutput() throws IOException {
        channel.shutdownOutput();
    }

    JsonNode read() throws IOException {
        var data = new DataInputStream(in);
        int length = data.readInt();
        byte[] payload = data.readNBytes(length);
        if (payload.length < length) {
            throw new IOException("the answer was cut short");
        }
        return JSON.readTree(payload);
    }

    /** True when the door closed the connection (nothing more to read). */
    boolean closedByDoor() throws IOException {
        return in.read() == -1;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Python's default separators; the tests' strings hold no {@code ,} or {@code :} inside values that matter. */
    private static String spaces(String compact) {
        var spaced = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt(i);
            spaced.append(c);
            if (c == '"' && (i == 0 || compact.charAt(i - 1) != '\\')) {
                inString = !inString;
            } else if (!inString && (c == ',' || c == ':')) {
                spaced.append(' ');
            }
        }
        return spaced.toString();
    }
}
