package dev.arca.server.frontend.http;

import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import dev.arca.server.pipeline.FrontDoor;
import dev.arca.server.pipeline.Pipeline;
import dev.arca.server.route.Reply;
import dev.arca.server.storage.Ids;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests Jetty refuses before they reach the pipeline (a garbage request line, a NUL in the URL, a URL or headers
 * over the limit…) are audited like any other (DESIGN §8: every request is audited before its answer leaves) and
 * answered in the door's error format, not with an HTML page. If the audit cannot be written the answer is 503
 * (fail-closed). Jetty's own message is not echoed: it may quote the input.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorHandler.class);

    private final Pipeline pipeline;
    private final FrontDoor door;

    JsonErrorHandler(Pipeline pipeline, FrontDoor door) {
        this.pipeline = pipeline;
        this.door = door;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String requestId = Ids.newId("req_");
        int status = code;
        var refusal = new ArcaException(errorCode(code), explanation(code));
        try {
            pipeline.auditRefusedByProtocol("http", requestId, request.getMethod(), path(request), sourceIp(request),
                    code, refusal.code().wire());
        } catch (ArcaException auditFailed) {
            status = auditFailed.code().status();
            refusal = auditFailed;
        } catch (RuntimeException auditFailed) {
            // not the trail's own refusal, a bug below it: still no answer without an audit (fail-closed)
            LOG.error("cannot audit a request refused by HTTP ({})", requestId, auditFailed);
            status = ErrorCode.UNAVAILABLE.status();
            refusal = ArcaException.unavailable("the audit trail cannot be written; the request was not carried out");
        }
        Reply reply = door.error(refusal, requestId);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put("X-Request-Id", requestId);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body(reply)), callback);
    }

    private static byte[] body(Reply reply) {
        try {
            return ReplyWriter.json(reply);
        } catch (IOException e) {
            throw new IllegalStateException("an error body of strings always serialises", e);
        }
    }

    /** The error code for a status Jetty answers with (its own reason; the status itself is kept). */
    private static ErrorCode errorCode(int code) {
        return switch (code) {
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 404 -> ErrorCode.NOT_FOUND;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> code >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_REQUEST;
        };
    }

    private static String explanation(int code) {
        return switch (code) {
            case 400 -> "the request is malformed: the URL or a header has characters or an encoding Arca does not accept";
            case 413 -> "the request is too large";
            case 414 -> "the URL is too long";
            case 431 -> "the request headers are too large";
            default -> "the request could not be served (HTTP " + code + ")";
        };
    }

    /** The raw path as Jetty parsed it, if it got that far. */
    private static @Nullable String path(Request request) {
        var uri = request.getHttpURI();
        return uri == null ? null : uri.getPath();
    }

    private static @Nullable String sourceIp(Request request) {
        try {
            return Request.getRemoteAddr(request);
        } catch (RuntimeException noAddress) {
            return null;
        }
    }
}
