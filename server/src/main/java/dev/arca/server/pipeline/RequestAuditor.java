package dev.arca.server.pipeline;

import dev.arca.server.audit.AuditHeadStore;
import dev.arca.server.audit.AuditRecord;
import dev.arca.server.audit.AuditTrail;
import dev.arca.server.storage.Database;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Writes the two audit entries of a request (DESIGN §2 step 9). Only metadata is recorded, never a body;
 * identifiers a handler marks as sensitive are stored as their HMAC under the server's audit key. A response entry
 * written inside a transaction moves the head the database keeps ({@link AuditHeadStore}) in that transaction, so the
 * head is exactly the last committed write's entry; reads never touch the database for it.
 */
final class RequestAuditor {
    /** Longest path and method written for a request Jetty refused (a 414 may carry a URL of any length). */
    private static final int MAX_REFUSED_PATH = 256;
    private static final int MAX_REFUSED_METHOD = 16;

    private final AuditTrail trail;
    private final AuditHeadStore heads;
    private final Database db;
    private final UnaryOperator<String> hmac;

    RequestAuditor(AuditTrail trail, AuditHeadStore heads, Database db, UnaryOperator<String> hmac) {
        this.trail = trail;
        this.heads = heads;
        this.db = db;
        this.hmac = hmac;
    }

    /**
     * The arrival entry. {@code deferred} (a writing request whose every effect is in its transaction): the entry is
     * only queued here and waited for with the response entry, before the commit or the answer, so both entries of a
     * request share one force of the audit file; a failure still refuses the request and commits nothing of it.
     */
    void request(RequestCall call, String operation, String method, String path, boolean deferred) {
        var record = new AuditRecord(Instant.now(), AuditRecord.Type.REQUEST, call.requestId(), principal(call),
                operation, method, path, sourceIp(call), null, null, details(call));
        if (deferred) {
            call.arrivalQueued(trail.appendLater(record));
        } else {
            trail.append(record);
        }
    }

    /**
     * Inside a transaction the entry is queued now and waited for just before the commit, so the writes combined into
     * one transaction share one force of the audit file; a failure then rolls the transaction back (fail-closed).
     */
    void response(RequestCall call, String operation, String method, String path, int status, @Nullable String error) {
        var record = new AuditRecord(Instant.now(), AuditRecord.Type.RESPONSE, call.requestId(), principal(call),
                operation, method, path, sourceIp(call), status, error, details(call));
        var arrival = call.takeArrival();
        if (db.isTransactionOpen()) {
            var entry = trail.appendLater(record);
            db.beforeCommit(() -> {
                if (arrival != null) {
                    arrival.await();
                }
                heads.advance(entry.await());
            });
        } else {
            trail.append(record); // a later entry of the chain: durable only if the arrival entry is too
            if (arrival != null) {
                arrival.await(); // its batch may have failed before this one was written
            }
        }
    }

    /**
     * Both entries of a request refused before the pipeline by a door's protocol layer (Jetty: a garbage request line,
     * a URL or headers over the limit; a socket door: a frame over its cap). What it parsed is cut short and marked
     * {@code refused_by: <protocol>}; nothing else is known.
     *
     * @throws dev.arca.server.audit.AuditUnavailableException if the trail cannot be written
     */
    void refusedByProtocol(String protocol, String requestId, String method, @Nullable String path,
            @Nullable String sourceIp, int status, String error) {
        String shortMethod = clip(method == null || method.isEmpty() ? "-" : method, MAX_REFUSED_METHOD);
        String shortPath = clip(path == null || path.isEmpty() ? "-" : path, MAX_REFUSED_PATH);
        var details = Map.of("refused_by", protocol);
        trail.append(new AuditRecord(Instant.now(), AuditRecord.Type.REQUEST, requestId, null, null, shortMethod,
                shortPath, sourceIp, null, null, details));
        trail.append(new AuditRecord(Instant.now(), AuditRecord.Type.RESPONSE, requestId, null, null, shortMethod,
                shortPath, sourceIp, status, error, details));
    }

    private static String clip(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max) + "…";
    }

    /** A socket caller has no address of its own (it counts as 127.0.0.1 for limits): none is recorded. */
    private static @Nullable String sourceIp(RequestCall call) {
        return call.transport().isPresent() ? null : call.sourceIp();
    }

    private static @Nullable String principal(RequestCall call) {
        return call.principal().map(p -> p.auditName()).orElse(null);
    }

    private Map<String, String> details(RequestCall call) {
        var details = new LinkedHashMap<>(call.auditDetails());
        call.transport().ifPresent(transport -> details.put("transport", transport));
        call.sensitiveDetails().forEach((key, value) -> details.put(key, hmac.apply(value)));
        return details;
    }
}
