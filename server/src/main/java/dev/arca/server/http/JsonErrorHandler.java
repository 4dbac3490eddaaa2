package dev.arca.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Requests Jetty refuses before they reach the pipeline (a NUL in the URL, headers over the limit…) are answered
 * in Arca's error format too, not with an HTML page. Jetty's own message is not echoed: it may quote the input.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String errorCode = switch (code) {
            case 413 -> "payload_too_large";
            case 404 -> "not_found";
            case 503 -> "unavailable";
            default -> code >= 500 ? "internal" : "invalid_request";
        };
        String explanation = switch (code) {
            case 400 -> "the request is malformed: the URL or a header has characters or an encoding Arca does not accept";
            case 413 -> "the request is too large";
            case 414 -> "the URL is too long";
            case 431 -> "the request headers are too large";
            default -> "the request could not be served (HTTP " + code + ")";
        };
        String body = "{\"error\":{\"code\":\"" + errorCode + "\",\"message\":\"" + explanation + "\",\"details\":{}}}";
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
