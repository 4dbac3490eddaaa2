package dev.arca.server.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * One request as a front door received it, in no protocol's terms: what the {@link Pipeline} and the handler's
 * {@link dev.arca.server.route.Call} read. An HTTP door wraps its framework's request; a socket door builds one per
 * framed message (its method name as {@link #method}, its parameters as path parameters).
 */
public interface Exchange {
    /** The verb as the door names it (an HTTP method, an RPC method name): for the audit trail and metrics. */
    String method();

    /** What the request addressed, as the audit trail records it (an HTTP path). */
    String path();

    /** The path and query exactly as sent: what a request signature covers. */
    String rawTarget();

    /** A parameter the door matched in the address ({@code {vault}}), decoded. */
    String pathParam(String name);

    Optional<String> query(String name);

    /** A header (or the door's equivalent) by case-insensitive name. */
    Optional<String> header(String name);

    /** Every header, names in lower case. */
    Map<String, String> headers();

    /** The body's length as announced before it is read, or -1 when it was not. */
    long declaredLength();

    /** The body, read once by the pipeline within its size limit. */
    InputStream body() throws IOException;

    String sourceIp();

    /** {@code unix} for a request received on a Unix socket; empty over TCP. */
    Optional<String> transport();
}
