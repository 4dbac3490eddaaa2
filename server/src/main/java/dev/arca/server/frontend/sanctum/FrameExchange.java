package dev.arca.server.frontend.sanctum;

import dev.arca.api.SecretText;
import dev.arca.server.pipeline.Exchange;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * One framed call as the pipeline sees it: the RPC method as the method, the call's scalar parameters (and the
 * door's own: {@code vault}, {@code session}) as path parameters, a {@code use} call's operation parameters as the
 * body, and the session's Arca token as the bearer. It has no headers and no query.
 *
 * @param auditPath what the audit trail records as the address: the credential path, or the method when it names none
 * @param sourceIp the peer's address; {@code 127.0.0.1} on the Unix socket, as the main listener's socket does, so
 *     allowlists and per-address limits treat a socket caller as the local caller it is
 */
record FrameExchange(String method, String auditPath, Map<String, String> parameters, byte[] bodyBytes,
        Optional<SecretText> bearer, String sourceIp, Optional<String> transport) implements Exchange {
    FrameExchange {
        parameters = Map.copyOf(parameters);
    }

    @Override
    public String path() {
        return auditPath;
    }

    @Override
    public String rawTarget() {
        return method;
    }

    /**
     * A parameter of the call, or {@code ""} when it did not send it (the door has refused a call missing one its
     * method requires before the pipeline sees it).
     */
    @Override
    public String pathParam(String name) {
        return parameters.getOrDefault(name, "");
    }

    @Override
    public Optional<String> query(String name) {
        return Optional.empty();
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.empty();
    }

    @Override
    public Map<String, String> headers() {
        return Map.of();
    }

    @Override
    public long declaredLength() {
        return bodyBytes.length;
    }

    @Override
    public InputStream body() {
        return new ByteArrayInputStream(bodyBytes);
    }

    @Override
    public String toString() {
        return "FrameExchange[" + method + " " + auditPath + "]";
    }
}
