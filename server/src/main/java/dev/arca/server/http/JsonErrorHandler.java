package dev.arca.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ErrorBody;
import dev.arca.api.ErrorCode;
import dev.arca.api.Json;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Ids;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests Jetty refuses before they reach the pipeline (a garbage request line, a NUL in the URL, a URL or headers
 * over the limit…) are audited like any other (DESIGN §8: every request is audited before its answer leaves) and
 * answered in Arca's error format, not with an HTML page. If the audit cannot be written the answer is 503
 * (fail-closed). Jetty's own message is not echoed: it may quote the input.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorHandler.class);
    private static final ObjectMapper JSON = Json.strict();

    private final RequestAuditor auditor;

    JsonErrorHandler(RequestAuditor auditor) {
        this.auditor = auditor;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String requestId = Ids.newId("req_");
        int status = code;
        String errorCode = errorCode(code);
        String explanation = explanation(code);
        try {
            auditor.refusedByHttp(requestId, request.getMethod(), path(request), sourceIp(request), code, errorCode);
        } catch (ArcaException auditFailed) {
            status = auditFailed.code().status();
            errorCode = auditFailed.code().wire();
            explanation = auditFailed.getMessage();
        } catch (RuntimeException auditFailed) {
            // not the trail's own refusal, a bug below it: still no answer without an audit (fail-closed)
            LOG.error("cannot audit a request refused by HTTP ({})", requestId, auditFailed);
            status = ErrorCode.UNAVAILABLE.status();
            errorCode = ErrorCode.UNAVAILABLE.wire();
            explanation = "the audit trail cannot be written; the request was not carried out";
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put("X-Request-Id", requestId);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body(errorCode, explanation, requestId)), callback);
    }

    private static byte[] body(String errorCode, String explanation, String requestId) {
        try {
            return JSON.writeValueAsBytes(new ErrorBody.Envelope(
                    new ErrorBody(errorCode, explanation, Map.of(), requestId)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body of four strings always serialises", e);
        }
    }

    private static String errorCode(int code) {
        return switch (code) {
            case 413 -> "payload_too_large";
            case 404 -> "not_found";
            case 503 -> "unavailable";
            default -> code >= 500 ? "internal" : "invalid_request";
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
    private static String path(Request request) {
        var uri = request.getHttpURI();
        return uri == null ? null : uri.getPath();
    }

    private static String sourceIp(Request request) {
        try {
            return Request.getRemoteAddr(request);
        } catch (RuntimeException noAddress) {
            return null;
        }
    }
}
