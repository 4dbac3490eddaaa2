package dev.arca.server.frontend.sanctum;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ErrorCode;
import dev.arca.api.Json;
import dev.arca.server.error.ArcaException;
import dev.arca.server.frontend.sanctum.SanctumMethods.Method;
import dev.arca.server.frontend.sanctum.SanctumSessions.Established;
import dev.arca.server.frontend.sanctum.SanctumSessions.Pending;
import dev.arca.server.pipeline.Answer;
import dev.arca.server.pipeline.Pipeline;
import dev.arca.server.route.Route;
import dev.arca.server.storage.Ids;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: frames read and answered one at a time, in order (a Node client that sends several
 * before reading gets its answers in the order it asked). Each call becomes a {@link FrameExchange} served by the
 * pipeline; the connection only frames, finds the session and refuses what no route can serve (unknown method,
 * missing parameter, no session). A framing error — a length over the cap, a frame cut short — closes this
 * connection; invalid JSON is answered and the connection keeps serving. Nothing here is shared with another
 * connection but the door's sessions.
 *
 * <p>The session is bound to the connection as well as named by {@code session_id}: the Python client's
 * {@code release_lease} sends no session id, and the Rust client never does.
 */
final class SanctumConnection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SanctumConnection.class);
    private static final ObjectMapper JSON = Json.strict();

    /** Who is at the other end, as the pipeline records it. */
    record Peer(String sourceIp, Optional<String> transport) {}

    private final SocketChannel channel;
    private final Peer peer;
    private final Pipeline pipeline;
    private final SanctumDoor door;
    private final SanctumMethods methods;
    private @Nullable String boundSession;

    SanctumConnection(SocketChannel channel, Peer peer, Pipeline pipeline, SanctumDoor door, SanctumMethods methods) {
        this.channel = channel;
        this.peer = peer;
        this.pipeline = pipeline;
        this.door = door;
        this.methods = methods;
    }

    @Override
    public void run() {
        try (channel) {
            InputStream in = Channels.newInputStream(channel);
            OutputStream out = Channels.newOutputStream(channel);
            while (true) {
                switch (Frames.read(in)) {
                    case Frames.Ended ended -> {
                        return;
                    }
                    case Frames.TooLarge tooLarge -> {
                        Frames.write(out, protocolError(NullNode.getInstance(), new ArcaException(
                                ErrorCode.PAYLOAD_TOO_LARGE, "a frame of " + tooLarge.length() + " bytes is over the "
                                        + Frames.MAX_BYTES + "-byte cap; the connection is closed")));
                        return;
                    }
                    case Frames.Message message -> Frames.write(out, answer(message.json()));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the peer went away (or wrote what cannot be answered): this connection ends, no other is touched
            LOG.debug("SanctumAI connection ended: {}", gone.getClass().getSimpleName());
        }
    }

    private byte[] answer(byte[] json) {
        JsonNode call;
        try {
            call = JSON.readTree(json);
        } catch (JacksonException e) {
            return protocolError(NullNode.getInstance(), ArcaException.invalid("frame", "the frame is not valid "
                    + "JSON (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                    + ")"));
        } catch (IOException e) {
            return protocolError(NullNode.getInstance(), ArcaException.invalid("frame", "the frame is not valid "
                    + "JSON"));
        }
        JsonNode id = call == null ? NullNode.getInstance() : call.path("id").isMissingNode() ? NullNode.getInstance()
                : call.get("id");
        JsonNode params = call == null ? null : call.get("params");
        if (call == null || !call.path("method").isTextual()
                || (params != null && !params.isNull() && !params.isObject())) {
            return protocolError(id, ArcaException.invalid("frame", "a call is {\"id\": N, \"method\": \"NAME\", "
                    + "\"params\": {…}}"));
        }
        return serve(id, call.get("method").asText(), params instanceof ObjectNode object ? object
                : JSON.createObjectNode());
    }

    private byte[] serve(JsonNode id, String name, ObjectNode params) {
        Map<String, String> parameters = scalars(params);
        String sessionId = parameters.getOrDefault("session_id", boundSession);
        parameters.put("session", sessionId == null ? "" : sessionId);
        Optional<Method> method = methods.method(name);
        FrameExchange plain = exchange(name, parameters, new byte[0], Optional.empty());
        if (method.isEmpty()) {
            return refused(id, plain, ArcaException.invalid("method", "unknown method '" + name + "'; this door "
                    + "speaks " + methods.names()));
        }
        for (String required : method.get().required()) {
            if (parameters.getOrDefault(required, "").isEmpty()) {
                return refused(id, plain, ArcaException.invalid(required, name + " needs params." + required));
            }
        }
        byte[] body;
        try {
            body = method.get().operationBody() ? operationBody(params, parameters.getOrDefault("operation", "")) : new byte[0];
        } catch (ArcaException e) {
            return refused(id, plain, e);
        }
        FrameExchange exchange = exchange(name, parameters, body, Optional.empty());
        if (method.get().authenticated()) {
            var session = sessionId == null ? null : methods.sessions().find(sessionId).orElse(null);
            if (!(session instanceof Established established)) {
                return refused(id, plain, unauthenticated(sessionId, session));
            }
            parameters.put("vault", established.vaultId());
            exchange = exchange(name, parameters, body, Optional.of(established));
        }
        return served(id, method.get().route(), exchange, sessionId);
    }

    /** Serves the call through the pipeline; a successful authentication call binds its session to the connection. */
    private byte[] served(JsonNode id, Route route, FrameExchange exchange, @Nullable String sessionId) {
        var answered = new AtomicReference<Answer>();
        pipeline.serve(route, exchange, door, answered::set);
        Answer answer = Objects.requireNonNull(answered.get(), "the pipeline answers every call");
        if (answer.refusal().isEmpty() && route.access() == Route.Access.ANONYMOUS) {
            boundSession = answer.reply().body() instanceof Map<?, ?> result && result.get("session_id")
                    instanceof String started ? started : sessionId;
        }
        return frame(id, answer.refusal().isPresent() ? "error" : "result", answer.reply().body());
    }

    private byte[] refused(JsonNode id, FrameExchange exchange, ArcaException error) {
        var answered = new AtomicReference<Answer>();
        pipeline.refuse(exchange, door, error, answered::set);
        return frame(id, "error", Objects.requireNonNull(answered.get(), "the pipeline answers every refusal")
                .reply().body());
    }

    private static ArcaException unauthenticated(@Nullable String sessionId, SanctumSessions.@Nullable Session found) {
        if (sessionId == null) {
            return ArcaException.unauthenticated("authenticate first: call authenticate {agent_name} and answer its "
                    + "challenge with challenge_response (or auth.challenge and auth.verify)");
        }
        if (found instanceof Pending) {
            return ArcaException.unauthenticated("this session is not authenticated yet: answer its challenge with "
                    + "challenge_response (or auth.verify)");
        }
        return new ArcaException(ErrorCode.SESSION_EXPIRED, "unknown or expired session_id; authenticate again");
    }

    /** A frame that could not be read as a call: audited as the protocol's refusal, then answered. */
    private byte[] protocolError(JsonNode id, ArcaException error) {
        String requestId = Ids.newId("req_");
        ArcaException answered = error;
        try {
            pipeline.auditRefusedByProtocol("sanctum", requestId, "frame", null,
                    peer.transport().isPresent() ? null : peer.sourceIp(), error.code().status(), error.code().wire());
        } catch (ArcaException auditFailed) {
            answered = auditFailed;
        }
        return frame(id, "error", SanctumError.of(answered, requestId));
    }

    private FrameExchange exchange(String name, Map<String, String> parameters, byte[] body,
            Optional<Established> session) {
        return new FrameExchange(name, parameters.getOrDefault("path", name), parameters, body,
                session.map(Established::token), peer.sourceIp(), peer.transport());
    }

    /** {@code use}'s nested {@code params}, with the operation: the body Arca's use (or transit) reads. */
    private static byte[] operationBody(ObjectNode params, String operation) {
        JsonNode nested = params.get("params");
        if (nested != null && !nested.isNull() && !nested.isObject()) {
            throw ArcaException.invalid("params", "params.params are the operation's parameters: a JSON object");
        }
        ObjectNode body = nested instanceof ObjectNode object ? object.deepCopy() : JSON.createObjectNode();
        body.put("operation", operation);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JacksonException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** The call's parameters that are strings, numbers or booleans, as text. */
    private static Map<String, String> scalars(ObjectNode params) {
        var scalars = new HashMap<String, String>();
        params.properties().forEach(entry -> {
            if (entry.getValue().isValueNode() && !entry.getValue().isNull()) {
                scalars.put(entry.getKey(), entry.getValue().asText());
            }
        });
        return scalars;
    }

    private static byte[] frame(JsonNode id, String member, @Nullable Object body) {
        ObjectNode frame = JSON.createObjectNode();
        frame.set("id", id);
        frame.set(member, JSON.valueToTree(body));
        try {
            return JSON.writeValueAsBytes(frame);
        } catch (JacksonException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
