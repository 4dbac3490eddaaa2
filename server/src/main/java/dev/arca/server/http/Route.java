package dev.arca.server.http;

import dev.arca.server.auth.Permission;
import dev.arca.server.auth.Resource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One HTTP route as a feature declares it. The one declaration drives routing, body parsing, the
 * authorization question and the OpenAPI document; the handler only sees a {@link Call} that has already passed
 * every step of the pipeline (DESIGN §2).
 *
 * @param path a Javalin path: {@code {name}} is one segment, {@code <name>} may span several (secret paths)
 * @param operation a stable name for metrics and the audit trail, e.g. {@code secret.read}
 * @param access whether the route needs a token and an unsealed server
 * @param permission what the caller must hold on {@link #resource}
 * @param resource what the permission is asked for, computed from the call (a path in a vault, or global)
 * @param requestBody the JSON body type, or {@code null} for routes without a body
 * @param responseBody the JSON answer type for the OpenAPI document, or {@code null}
 * @param headers headers every answer of this route carries, errors included
 * @param readsOnly a POST that only reads (a batch read): it runs outside any storage transaction
 */
public record Route(Method method, String path, String operation, String summary, Access access,
        Permission permission, Function<Call, Resource> resource, Class<?> requestBody, Class<?> responseBody,
        Handler handler, Map<String, String> headers, boolean readsOnly) {

    public enum Method { GET, POST, PUT, PATCH, DELETE }

    public enum Access {
        /** No token; answered even while sealed or not initialized (health, seal status, init, unseal). */
        PUBLIC,
        /** A token (or other credential) and an unsealed server. */
        AUTHENTICATED
    }

    /** The feature's code for a route. Runs after authentication and authorization. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(Call call) throws Exception;
    }

    public Route {
        Objects.requireNonNull(method);
        Objects.requireNonNull(path);
        Objects.requireNonNull(operation);
        Objects.requireNonNull(access);
        Objects.requireNonNull(handler);
        headers = Map.copyOf(headers);
        if (access == Access.AUTHENTICATED) {
            Objects.requireNonNull(permission, "an authenticated route must say which permission it needs");
            Objects.requireNonNull(resource, "an authenticated route must say which resource it touches");
        }
    }

    /** This route with one more header on every answer, errors included (e.g. a polling interval). */
    public Route withHeader(String name, String value) {
        var more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Route(method, path, operation, summary, access, permission, resource, requestBody, responseBody,
                handler, more, readsOnly);
    }

    /**
     * This route marked as changing nothing although its method is not GET (its request simply does not fit a
     * URL), so it does not hold a write transaction — on SQLite, the one writer lock — while it runs.
     */
    public Route readingOnly() {
        return new Route(method, path, operation, summary, access, permission, resource, requestBody, responseBody,
                handler, headers, true);
    }

    /** True for routes that change state: the pipeline runs them inside one storage transaction. */
    public boolean writes() {
        return method != Method.GET && !readsOnly;
    }

    /** A public route (no token, works sealed). */
    public static Route open(Method method, String path, String operation, String summary, Class<?> requestBody,
            Class<?> responseBody, Handler handler) {
        return new Route(method, path, operation, summary, Access.PUBLIC, null, null, requestBody, responseBody,
                handler, Map.of(), false);
    }

    /** A route for authenticated callers holding {@code permission} on the resource the call names. */
    public static Route guarded(Method method, String path, String operation, String summary, Permission permission,
            Function<Call, Resource> resource, Class<?> requestBody, Class<?> responseBody, Handler handler) {
        return new Route(method, path, operation, summary, Access.AUTHENTICATED, permission, resource, requestBody,
                responseBody, handler, Map.of(), false);
    }
}
