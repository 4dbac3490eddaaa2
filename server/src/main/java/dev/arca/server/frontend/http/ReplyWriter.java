package dev.arca.server.frontend.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.server.pipeline.Answer;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the pipeline's {@link Answer} as an HTTP response: status, the headers every answer carries, the body. */
final class ReplyWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyWriter.class);
    private static final ObjectMapper JSON = Json.strict();

    private ReplyWriter() {}

    static void send(Context ctx, Route route, Answer answer) {
        route.headers().forEach(ctx::header);
        send(ctx, answer);
    }

    static void send(Context ctx, Answer answer) {
        Reply reply = answer.reply();
        ctx.header("X-Request-Id", answer.requestId());
        ctx.status(reply.status());
        // answers carry secrets and tokens: no cache on the way may keep them (RFC 6749 §5.1 asks the same)
        ctx.header("Cache-Control", "no-store");
        reply.headers().forEach((name, values) -> values.forEach(value -> ctx.res().addHeader(name, value)));
        answer.refusal().map(refusal -> refusal.details().get("retry_after_seconds"))
                .filter(Number.class::isInstance)
                .ifPresent(seconds -> ctx.header("Retry-After", seconds.toString()));
        if (reply.body() == null) {
            return;
        }
        if (reply.body() instanceof Reply.StreamBody stream) {
            ctx.contentType(reply.contentType());
            stream(ctx, stream);
            return;
        }
        if (reply.body() instanceof byte[] bytes) {
            ctx.contentType(reply.contentType());
            ctx.result(bytes);
            return;
        }
        if (reply.body() instanceof String text) {
            ctx.contentType(reply.contentType());
            ctx.result(text);
            return;
        }
        try {
            ctx.contentType("application/json");
            ctx.result(json(reply));
        } catch (IOException e) {
            LOG.error("cannot serialise the answer of type {}", reply.body().getClass().getName().toLowerCase(Locale.ROOT));
            ctx.status(500);
            ctx.result("{\"error\":{\"code\":\"internal\",\"message\":\"internal error\"}}");
        }
    }

    /** The JSON bytes of a reply whose body is a record (or map) — how every non-text body goes on the wire. */
    static byte[] json(Reply reply) throws IOException {
        return JSON.writeValueAsBytes(reply.body());
    }

    /**
     * Writes a streamed body straight to the connection. The status and headers are already decided and the
     * response audited, so a failure here can only end the answer early; it is logged, never answered.
     */
    private static void stream(Context ctx, Reply.StreamBody stream) {
        try {
            OutputStream out = ctx.res().getOutputStream();
            stream.writeTo(out);
            out.flush();
        } catch (IOException gone) {
            LOG.debug("a streamed answer ended early: the caller went away");
        } catch (RuntimeException e) {
            LOG.error("a streamed answer failed", e);
        }
    }
}
