package dev.arca.server.pipeline;

import dev.arca.api.ErrorCode;
import dev.arca.server.access.Guard;
import dev.arca.server.audit.AuditHeadStore;
import dev.arca.server.audit.AuditTrail;
import dev.arca.server.error.ArcaException;
import dev.arca.server.metrics.Metrics;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import dev.arca.server.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one road every request walks, whichever front door it came in by (DESIGN §2): limits → request id → seal
 * check (every route but the {@link Route.Access#SEALED_OK} ones) → authenticate → authorize (the route's
 * {@link dev.arca.server.route.Requirement}) → audit the request → bind the query parameters (400 naming one that
 * does not fit; a requirement that reads them binds them earlier) → handler (inside one storage transaction when it
 * writes; a route's {@link Route.Preparation}, its slow part, just before that transaction) → audit the response →
 * answer. The response entry is durable before the transaction commits, so a request whose audit cannot be written
 * changes nothing and is answered 503. Writing requests share transactions ({@link Database#inCombinedTransaction}):
 * each still commits, or fails, as a whole and alone. A streamed answer ({@link Reply.StreamBody}, only from routes
 * that do not write) starts after both entries were written and outside any transaction.
 *
 * <p>It knows no protocol: a front door gives it an {@link Exchange} and a {@link FrontDoor} (where credentials are,
 * how a refusal is written) and sends the {@link Answer} it gets back.
 */
public final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final Guard guard;
    private final RequestAuditor auditor;
    private final Database db;
    private final Metrics metrics;
    private final long maxBodyBytes;
    private final AtomicInteger inFlight = new AtomicInteger();

    /** @param auditHmac the audit key's HMAC, for the identifiers a handler marks sensitive */
    public Pipeline(Guard guard, AuditTrail audit, AuditHeadStore auditHeads, UnaryOperator<String> auditHmac,
            Database db, Metrics metrics, long maxBodyBytes) {
        this.guard = guard;
        this.auditor = new RequestAuditor(audit, auditHeads, db, auditHmac);
        this.db = db;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Serves one request for {@code route} and gives {@code send} the answer to send. */
    public void serve(Route route, Exchange exchange, FrontDoor door, Consumer<Answer> send) {
        inFlight.incrementAndGet();
        try {
            long started = System.nanoTime();
            Answer answer = answer(route, exchange, door);
            send.accept(answer);
            metrics.record(route.operation(), exchange.method(), answer.reply().status(),
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * Refuses a request before any route was chosen (none matched, or its address is ambiguous): the refusal is
     * audited like any other answer, under the operation {@code unknown}.
     */
    public void refuse(Exchange exchange, FrontDoor door, ArcaException error, Consumer<Answer> send) {
        var call = new RequestCall(exchange, Ids.newId("req_"), new byte[0], null);
        Answer answer = auditedError("unknown", exchange, door, call, error);
        send.accept(answer);
        metrics.record("unknown", exchange.method(), answer.reply().status(), Duration.ZERO);
    }

    /**
     * Audits both entries of a request the door's protocol library refused before the pipeline could see it (a
     * garbage request line, headers over the limit, a frame over the cap): what it parsed, cut short, marked with
     * {@code protocol} ({@code http}, {@code sanctum}).
     *
     * @throws ArcaException 503 when the trail cannot be written (the door must not answer otherwise)
     */
    public void auditRefusedByProtocol(String protocol, String requestId, String method, @Nullable String path,
            @Nullable String sourceIp, int status, String error) {
        auditor.refusedByProtocol(protocol, requestId, method, path, sourceIp, status, error);
    }

    /** Waits until no request is being served, or {@code max} has passed; for a graceful stop. */
    public void awaitIdle(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private Answer answer(Route route, Exchange exchange, FrontDoor door) {
        String requestId = Ids.newId("req_");
        RequestCall call = null; // one per request, made once its body is read
        try {
            call = new RequestCall(exchange, requestId, route.streamedBody() ? new byte[0] : readBody(exchange), route);
            return new Answer(requestId, run(route, exchange, door, call), Optional.empty());
        } catch (ArcaException e) {
            return auditedError(route.operation(), exchange, door, readOrBodiless(call, exchange, requestId, route), e);
        } catch (StorageException | org.jdbi.v3.core.JdbiException e) {
            // before the handler (authentication, a token lookup): the pool may be exhausted or the database down
            LOG.error("storage failed before {} ({}): {}", route.operation(), requestId, e.getClass().getName());
            return auditedError(route.operation(), exchange, door, readOrBodiless(call, exchange, requestId, route),
                    storageUnavailable());
        }
    }

    /** The request's call, or a bodiless one when the refusal came while its body was read (too large, unreadable). */
    private static RequestCall readOrBodiless(@Nullable RequestCall call, Exchange exchange, String requestId,
            Route route) {
        return call != null ? call : new RequestCall(exchange, requestId, new byte[0], route);
    }

    private Reply run(Route route, Exchange exchange, FrontDoor door, RequestCall call) {
        String method = exchange.method();
        String path = exchange.path();
        guard.limitSource(call.sourceIp());
        if (route.access() != Route.Access.SEALED_OK) {
            guard.checkUnsealed();
        }
        if (route.access() == Route.Access.AUTHENTICATED) {
            call.authenticatedAs(guard.authenticate(door.credentials(exchange, call.rawBody())));
            guard.limitPrincipal(call.caller());
            // Route refuses an authenticated declaration without one
            Objects.requireNonNull(route.requirement()).check(call, (resource, permission) ->
                    guard.authorize(call.caller(), resource, permission, call.sourceIp()));
        }
        // a writing route's arrival entry becomes durable with its response entry, before the commit; a prepared
        // route's preparation runs outside the transaction and may reach other systems, so it waits here
        auditor.request(call, route.operation(), method, path, route.writes() && route.preparation() == null);
        call.bindQuery();
        try {
            if (!route.writes()) {
                Reply reply = route.handler().handle(call);
                auditor.response(call, route.operation(), method, path, reply.status(), null);
                return reply;
            }
            Route.Handler handler = route.preparation() == null ? route.handler()
                    : route.preparation().prepare(call);
            // combined with the writes of other requests arriving meanwhile: one commit, one force of the audit file
            return db.inCombinedTransaction(() -> {
                Reply reply = handler.handle(call);
                if (reply.body() instanceof Reply.StreamBody) {
                    throw new IllegalStateException(route.operation() + " writes and may not stream its answer");
                }
                auditor.response(call, route.operation(), method, path, reply.status(), null);
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
    private Answer auditedError(String operation, Exchange exchange, FrontDoor door, RequestCall call,
            ArcaException error) {
        ArcaException answered = error;
        try {
            auditor.response(call, operation, exchange.method(), exchange.path(), error.code().status(),
                    error.code().wire());
        } catch (ArcaException auditFailed) {
            answered = auditFailed;
        }
        return new Answer(call.requestId(), door.error(answered, call.requestId(), exchange), Optional.of(answered));
    }

    private static ArcaException storageUnavailable() {
        return ArcaException.unavailable("the storage is unavailable; the request was not carried out");
    }

    private byte[] readBody(Exchange exchange) {
        if (exchange.declaredLength() > maxBodyBytes) {
            throw tooLarge();
        }
        try (InputStream in = exchange.body()) {
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
}
