package dev.arca.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ErrorBody;
import dev.arca.api.ErrorCode;
import dev.arca.api.Json;
import dev.arca.server.auth.Credentials;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import dev.arca.server.storage.StorageException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one road every request walks (DESIGN §2): limits → request id → seal check (every route but the
 * {@link Route.Access#SEALED_OK} ones) → authenticate → authorize (the route's {@link Requirement}) →
 * audit the request → handler (inside one storage transaction when it writes) → audit the response → answer.
 * The response entry is written before the transaction commits, so a request whose audit cannot be written
 * changes nothing and is answered 503. A streamed answer ({@link Reply.StreamBody}, only from routes that do not
 * write) starts after both entries were written and outside any transaction.
 */
public final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final ObjectMapper JSON = Json.strict();

    private final Guard guard;
    private final RequestAuditor auditor;
    private final Database db;
    private final HttpMetrics metrics;
    private final long maxBodyBytes;
    private final AtomicInteger inFlight = new AtomicInteger();

    Pipeline(Guard guard, RequestAuditor auditor, Database db, HttpMetrics metrics, long maxBodyBytes) {
        this.guard = guard;
        this.auditor = auditor;
        this.db = db;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    void handle(Route route, Context ctx) {
        inFlight.incrementAndGet();
        try {
            serve(route, ctx);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Waits until no request is being served, or {@code max} has passed; for a graceful stop. */
    void awaitIdle(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private void serve(Route route, Context ctx) {
        long started = System.nanoTime();
        String requestId = Ids.newId("req_");
        ctx.header("X-Request-Id", requestId);
        route.headers().forEach(ctx::header);
        Reply reply;
        RequestCall call = new RequestCall(ctx, requestId, new byte[0]);
        try {
            call = new RequestCall(ctx, requestId, readBody(ctx));
            reply = run(route, ctx, call);
        } catch (ArcaException e) {
            reply = auditedError(route.operation(), ctx, call, e);
        } catch (StorageException | org.jdbi.v3.core.JdbiException e) {
            // before the handler (authentication, a token lookup): the pool may be exhausted or the database down
            LOG.error("storage failed before {} ({}): {}", route.operation(), call.requestId(), e.getClass().getName());
            reply = auditedError(route.operation(), ctx, call, storageUnavailable());
        }
        send(ctx, reply);
        metrics.record(route.operation(), ctx.method().name(), reply.status(), Duration.ofNanos(System.nanoTime() - started));
    }

    /** A request no route matches: 404 in the error format, audited like any other. */
    void unmatched(Context ctx) {
        refuse(ctx, ArcaException.notFound("no route " + ctx.method().name() + " " + ctx.path()
                + "; the API is described at /v1/openapi.json"));
    }

    /**
     * Runs before routing, so a path or query spelt ambiguously ({@link RawPath}, {@link RawQuery}: a parameter given
     * twice among them) is answered 400 before the router decodes it (a broken escape would otherwise fail inside
     * the router as a 500), for every route alike.
     */
    void refuseAmbiguousTarget(Context ctx) {
        try {
            RawPath.check(ctx.req().getRequestURI());
            RawQuery.check(ctx.req().getQueryString());
        } catch (ArcaException e) {
            refuse(ctx, e);
            ctx.skipRemainingHandlers();
        }
    }

    private void refuse(Context ctx, ArcaException error) {
        String requestId = Ids.newId("req_");
        ctx.header("X-Request-Id", requestId);
        var call = new RequestCall(ctx, requestId, new byte[0]);
        Reply reply = auditedError("unknown", ctx, call, error);
        send(ctx, reply);
        metrics.record("unknown", ctx.method().name(), reply.status(), Duration.ZERO);
    }

    private Reply run(Route route, Context ctx, RequestCall call) {
        String method = ctx.method().name();
        guard.limitSource(call.sourceIp());
        if (route.access() != Route.Access.SEALED_OK) {
            guard.checkUnsealed();
        }
        if (route.access() == Route.Access.AUTHENTICATED) {
            call.authenticatedAs(guard.authenticate(credentials(ctx, call)));
            guard.limitPrincipal(call.caller());
            route.requirement().check(call, (resource, permission) ->
                    guard.authorize(call.caller(), resource, permission, call.sourceIp()));
        }
        auditor.request(call, route.operation(), method, ctx.path());
        try {
            if (!route.writes()) {
                Reply reply = route.handler().handle(call);
                auditor.response(call, route.operation(), method, ctx.path(), reply.status(), null);
                return reply;
            }
            return db.inTransaction(() -> {
                Reply reply = route.handler().handle(call);
                if (reply.body() instanceof Reply.StreamBody) {
                    throw new IllegalStateException(route.operation() + " writes and may not stream its answer");
                }
                auditor.response(call, route.operation(), method, ctx.path(), reply.status(), null);
                return reply;
            });
        } catch (ArcaException e) {
            throw e;
        } catch (StorageException | org.jdbi.v3.core.JdbiException e) {
            LOG.error("storage failed during {} ({}): {}", route.operation(), call.requestId(), e.getClass().getName());
            throw storageUnavailable();
        } catch (Exception e) {
            LOG.error("internal error during {} ({})", route.operation(), call.requestId(), e);
            throw new ArcaException(ErrorCode.INTERNAL, "internal error; see the server log for request "
                    + call.requestId());
        }
    }

    /** Answers an error and audits it; if even that audit fails, the answer becomes 503 (fail-closed). */
    private Reply auditedError(String operation, Context ctx, RequestCall call, ArcaException error) {
        ArcaException answered = error;
        try {
            auditor.response(call, operation, ctx.method().name(), ctx.path(), error.code().status(),
                    error.code().wire());
        } catch (ArcaException auditFailed) {
            answered = auditFailed;
        }
        var body = new ErrorBody(answered.code().wire(), answered.getMessage(), answered.details(), call.requestId());
        return Reply.json(answered.code().status(), new ErrorBody.Envelope(body));
    }

    private static ArcaException storageUnavailable() {
        return ArcaException.unavailable("the storage is unavailable; the request was not carried out");
    }

    private byte[] readBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw tooLarge();
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (bytes.length > maxBodyBytes) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw ArcaException.invalid("body", "the request body could not be read");
        }
    }

    private ArcaException tooLarge() {
        return new ArcaException(ErrorCode.PAYLOAD_TOO_LARGE,
                "the request body is larger than " + maxBodyBytes + " bytes");
    }

    private static Credentials credentials(Context ctx, RequestCall call) {
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), ctx.req().getHeader(name));
        }
        String query = ctx.req().getQueryString();
        String pathWithQuery = ctx.req().getRequestURI() + (query == null ? "" : "?" + query);
        return new Credentials(bearerToken(headers), headers, ctx.method().name(), pathWithQuery, call.rawBody(),
                call.sourceIp());
    }

    private static Optional<String> bearerToken(Map<String, String> headers) {
        String header = headers.get("authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(header.substring(7).trim());
        }
        return Optional.ofNullable(headers.get("x-arca-token"));
    }

    private static void send(Context ctx, Reply reply) {
        ctx.status(reply.status());
        // answers carry secrets and tokens: no cache on the way may keep them (RFC 6749 §5.1 asks the same)
        ctx.header("Cache-Control", "no-store");
        if (reply.body() instanceof ErrorBody.Envelope envelope
                && envelope.error().details().get("retry_after_seconds") instanceof Number seconds) {
            ctx.header("Retry-After", seconds.toString());
        }
        if (reply.body() == null) {
            return;
        }
        if (reply.body() instanceof Reply.StreamBody stream) {
            ctx.contentType(reply.contentType());
            stream(ctx, stream);
            return;
        }
        if (reply.body() instanceof String text) {
            ctx.contentType(reply.contentType());
            ctx.result(text);
            return;
        }
        try {
            ctx.contentType("application/json");
            ctx.result(JSON.writeValueAsBytes(reply.body()));
        } catch (IOException e) {
            LOG.error("cannot serialise the answer of type {}", reply.body().getClass().getName().toLowerCase(Locale.ROOT));
            ctx.status(500);
            ctx.result("{\"error\":{\"code\":\"internal\",\"message\":\"internal error\"}}");
        }
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
