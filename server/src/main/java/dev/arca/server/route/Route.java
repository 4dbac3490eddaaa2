package dev.arca.server.route;

import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP route as a feature declares it, with {@link #get}/{@link #post}/… and the {@link Builder}. The one
 * declaration drives routing, body parsing, the seal, the authorization question and the OpenAPI document; the
 * handler only sees a {@link Call} that has already passed every step of the pipeline (DESIGN §2).
 *
 * <pre>{@code
 * Route.get("/v1/vaults/{vault}/secrets/<path>").operation("secret.read").summary("Read a secret")
 *         .authenticated(Permission.READ, SecretAddress::resource).query(ReadQuery.class).response(Secret.class)
 *         .handle(call -> Reply.ok(secrets.read(vault(call), path(call), call.query(ReadQuery.class))));
 * }</pre>
 *
 * A route that does not say otherwise is {@link Access#AUTHENTICATED}, and one that does not say what it needs
 * is refused at start-up: being reachable without a token, or while sealed, is always written down.
 */
public final class Route {
    /** {@code HEAD} is declared only where a protocol asks for it (ACME's {@code new-nonce}); it never writes. */
    public enum Method { GET, HEAD, POST, PUT, PATCH, DELETE }

    /** Who may call a route, and whether it is served while the server is sealed. */
    public enum Access {
        /** No credential; answered even while sealed or not initialized (health, seal status, init, unseal). */
        SEALED_OK,
        /**
         * No credential, but an unsealed server: the routes where a caller proves who it is (enrolment, logins,
         * token exchange, agent challenge and session). The pipeline answers 503 {@code sealed} before the handler.
         */
        ANONYMOUS,
        /** A token (or other credential), an unsealed server, and the route's {@link Requirement}. */
        AUTHENTICATED
    }

    /** The feature's code for a route. Runs after authentication and authorization. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(Call call) throws Exception;
    }

    /**
     * A writing route's slow part, run after authorization but before its storage transaction opens (signing, key
     * generation), so that it holds no write transaction — on SQLite, the one writer lock — while it computes. It
     * may read; it returns the handler that then runs inside the transaction and writes.
     */
    @FunctionalInterface
    public interface Preparation {
        Handler prepare(Call call) throws Exception;
    }

    private final Method method;
    private final String path;
    private final String operation;
    private final String summary;
    private final Access access;
    private final @Nullable Requirement requirement;
    private final @Nullable Class<? extends Record> query;
    private final List<QueryParameter> queryParameters;
    private final @Nullable Class<?> requestBody;
    private final @Nullable Class<?> responseBody;
    private final Handler handler;
    private final @Nullable Preparation preparation;
    private final Map<String, String> headers;
    private final boolean readsOnly;
    private final boolean streamedBody;

    private Route(Builder b, Handler handler, @Nullable Preparation preparation) {
        this.method = b.method;
        this.path = b.path;
        this.operation = Objects.requireNonNull(b.operation, () -> b.path + ": say its operation name");
        this.summary = Objects.requireNonNull(b.summary, () -> operation + ": say what it does (summary)");
        this.access = b.access;
        this.requirement = b.requirement;
        this.query = b.query;
        this.queryParameters = query == null ? List.of() : QueryParameter.of(query);
        this.requestBody = b.requestBody;
        this.responseBody = b.responseBody;
        this.handler = Objects.requireNonNull(handler);
        this.preparation = preparation;
        this.headers = Map.copyOf(b.headers);
        this.readsOnly = b.readsOnly;
        this.streamedBody = b.streamedBody;
        if (access == Access.AUTHENTICATED && requirement == null) {
            throw new IllegalStateException(operation + " is authenticated: say which permission it needs on what, "
                    + "or declare it anonymous() or sealedOk()");
        }
    }

    public static Builder get(String path) {
        return new Builder(Method.GET, path);
    }

    public static Builder post(String path) {
        return new Builder(Method.POST, path);
    }

    public static Builder put(String path) {
        return new Builder(Method.PUT, path);
    }

    public static Builder patch(String path) {
        return new Builder(Method.PATCH, path);
    }

    public static Builder delete(String path) {
        return new Builder(Method.DELETE, path);
    }

    public static Builder head(String path) {
        return new Builder(Method.HEAD, path);
    }

    public Method method() {
        return method;
    }

    /** A Javalin path: {@code {name}} is one segment, {@code <name>} may span several (secret paths). */
    public String path() {
        return path;
    }

    /** A stable name for metrics and the audit trail, e.g. {@code secret.read}. */
    public String operation() {
        return operation;
    }

    public String summary() {
        return summary;
    }

    public Access access() {
        return access;
    }

    /** What an {@link Access#AUTHENTICATED} caller must hold; null for the other modes. */
    public @Nullable Requirement requirement() {
        return requirement;
    }

    /** The record its query parameters are bound to ({@link Call#query}), or {@code null} for a route that reads none. */
    public @Nullable Class<? extends Record> query() {
        return query;
    }

    /** The query parameters the route reads: its query record's components. */
    public List<QueryParameter> queryParameters() {
        return queryParameters;
    }

    /** The JSON body type, or {@code null} for routes without a body. */
    public @Nullable Class<?> requestBody() {
        return requestBody;
    }

    /** The JSON answer type for the OpenAPI document, or {@code null}. */
    public @Nullable Class<?> responseBody() {
        return responseBody;
    }

    /** The whole of the route's work (for a prepared route: its preparation, then what that returns). */
    public Handler handler() {
        return handler;
    }

    /** What a writing route does before its transaction, or {@code null}: the pipeline runs it outside one. */
    public @Nullable Preparation preparation() {
        return preparation;
    }

    /** Headers every answer of this route carries, errors included. */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * True for routes that change state: the pipeline runs them inside one storage transaction. A prepared route
     * always writes, even a GET (credentials made on a read, as Vault's {@code creds} are).
     */
    public boolean writes() {
        return preparation != null || (method != Method.GET && method != Method.HEAD && !readsOnly);
    }

    /**
     * True for a route whose body the pipeline does not read (nor hold to the body size limit): its handler reads
     * {@link Call#bodyStream} itself (a snapshot to restore, of any size).
     */
    public boolean streamedBody() {
        return streamedBody;
    }

    /** A route being declared; {@link #handle} ends the declaration. */
    public static final class Builder {
        private final Method method;
        private final String path;
        private @Nullable String operation;
        private @Nullable String summary;
        private Access access = Access.AUTHENTICATED;
        private @Nullable Requirement requirement;
        private @Nullable Class<? extends Record> query;
        private @Nullable Class<?> requestBody;
        private @Nullable Class<?> responseBody;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean readsOnly;
        private boolean streamedBody;

        private Builder(Method method, String path) {
            this.method = Objects.requireNonNull(method);
            this.path = Objects.requireNonNull(path);
        }

        /** A stable name for metrics and the audit trail, e.g. {@code secret.read}. */
        public Builder operation(String operation) {
            this.operation = operation;
            return this;
        }

        /** One line for the OpenAPI document. */
        public Builder summary(String summary) {
            this.summary = summary;
            return this;
        }

        /** Served with no credential, even while sealed or not initialized: only what unsealing needs. */
        public Builder sealedOk() {
            return mode(Access.SEALED_OK);
        }

        /** Served with no credential while unsealed: a route where the caller proves who it is. */
        public Builder anonymous() {
            return mode(Access.ANONYMOUS);
        }

        /** For authenticated callers holding {@code permission} on the resource {@code on} computes from the call. */
        public Builder authenticated(Permission permission, Function<Call, Resource> on) {
            return authenticated(Requirement.permission(permission, on));
        }

        /** For authenticated callers meeting {@code requirement} (a choice of permissions, the user themself, …). */
        public Builder authenticated(Requirement requirement) {
            mode(Access.AUTHENTICATED);
            this.requirement = Objects.requireNonNull(requirement);
            return this;
        }

        /**
         * A secondary requirement, asked after the route's permission: e.g. {@code use:header} for the use calls
         * whose operation is {@code http_header}.
         */
        public Builder requires(Requirement more) {
            if (requirement == null) {
                throw new IllegalStateException("declare authenticated(…) before what it also requires");
            }
            requirement = requirement.and(more);
            return this;
        }

        /**
         * The query parameters it reads, as a record bound by {@link Call#query} (see {@link QueryParameter}): the
         * pipeline binds it before the handler runs and answers 400 naming a parameter whose value does not fit.
         */
        public Builder query(Class<? extends Record> type) {
            this.query = Objects.requireNonNull(type);
            return this;
        }

        /** The JSON request body, bound by {@link Call#body}. */
        public Builder body(Class<?> type) {
            this.requestBody = type;
            return this;
        }

        /** The JSON answer, for the OpenAPI document. */
        public Builder response(Class<?> type) {
            this.responseBody = type;
            return this;
        }

        /** One more header on every answer, errors included (e.g. a polling interval). */
        public Builder withHeader(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /**
         * Marks the route as changing nothing although its method is not GET (its request simply does not fit a
         * URL), so it does not hold a write transaction — on SQLite, the one writer lock — while it runs.
         */
        public Builder readingOnly() {
            this.readsOnly = true;
            return this;
        }

        /**
         * Leaves the body to the handler, unread and beyond the body size limit ({@link Call#bodyStream}): for a
         * body that is not JSON and may be large, which the handler streams to where it goes.
         */
        public Builder streamedBody() {
            this.streamedBody = true;
            return this;
        }

        /** The route, answered by {@code handler}. */
        public Route handle(Handler handler) {
            return new Route(this, handler, null);
        }

        /** The route, answered by what {@code preparation} returns: see {@link Preparation}. */
        public Route prepareThenHandle(Preparation preparation) {
            return new Route(this, call -> preparation.prepare(call).handle(call), preparation);
        }

        private Builder mode(Access mode) {
            if (access != Access.AUTHENTICATED || requirement != null) {
                throw new IllegalStateException(path + ": declare its access once");
            }
            this.access = mode;
            return this;
        }
    }
}
