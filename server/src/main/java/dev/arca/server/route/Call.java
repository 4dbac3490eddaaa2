package dev.arca.server.route;

import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * One request as a handler sees it: parameters, the parsed body and who is asking. Handlers add what the audit
 * trail should know with {@link #audit} (plain) and {@link #auditSensitive} (HMAC-ed, e.g. a token looked up).
 */
public interface Call {
    String requestId();

    /** The authenticated caller; absent on {@link Route.Access#SEALED_OK} and {@link Route.Access#ANONYMOUS} routes. */
    Optional<Principal> principal();

    /** The authenticated caller of an {@link Route.Access#AUTHENTICATED} route. */
    default Principal caller() {
        return principal().orElseThrow(() -> ArcaException.unauthenticated("this route needs a token"));
    }

    String sourceIp();

    String pathParam(String name);

    /**
     * The query parameters bound to the route's declared query record ({@link Route.Builder#query}); 400 naming
     * the parameter whose value does not fit. Bound once; a requirement may read it before the handler does.
     */
    <T extends Record> T query(Class<T> type);

    /** The request body bound to the route's declared type; 400 naming the field when it does not fit. */
    <T> T body(Class<T> type);

    /** The body bound to {@code type} when one was sent; empty for an empty body. */
    <T> Optional<T> optionalBody(Class<T> type);

    /** The body exactly as received, for routes whose body is not JSON (an OCSP request). */
    byte[] rawBody();

    /**
     * The body as it arrives, unread, for a route declared {@link Route.Builder#streamedBody()} (read it once);
     * other routes' bodies were read by the pipeline: {@link #rawBody}.
     */
    InputStream bodyStream() throws IOException;

    /** A request header, by case-insensitive name. */
    Optional<String> header(String name);

    /** The body as {@code application/x-www-form-urlencoded} fields (OAuth's token endpoint); a repeated name is an error. */
    java.util.Map<String, String> form();

    /** Adds a detail to this request's audit entries (never a secret value). */
    void audit(String key, String value);

    /** Adds a sensitive identifier to this request's audit entries; the trail stores only its HMAC. */
    void auditSensitive(String key, String value);
}
