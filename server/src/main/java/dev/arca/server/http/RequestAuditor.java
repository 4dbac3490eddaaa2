package dev.arca.server.http;

import dev.arca.server.audit.AuditRecord;
import dev.arca.server.audit.AuditTrail;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Writes the two audit entries of a request (DESIGN §2 step 9). Only metadata is recorded, never a body;
 * identifiers a handler marks as sensitive are stored as their HMAC under the server's audit key.
 */
final class RequestAuditor {
    private final AuditTrail trail;
    private final UnaryOperator<String> hmac;

    RequestAuditor(AuditTrail trail, UnaryOperator<String> hmac) {
        this.trail = trail;
        this.hmac = hmac;
    }

    void request(RequestCall call, String operation, String method, String path) {
        trail.append(new AuditRecord(Instant.now(), AuditRecord.Type.REQUEST, call.requestId(), principal(call), operation, method,
                path, sourceIp(call), null, null, details(call)));
    }

    void response(RequestCall call, String operation, String method, String path, int status, String error) {
        trail.append(new AuditRecord(Instant.now(), AuditRecord.Type.RESPONSE, call.requestId(), principal(call), operation, method,
                path, sourceIp(call), status, error, details(call)));
    }

    /** A socket caller has no address of its own (it counts as 127.0.0.1 for limits): none is recorded. */
    private static String sourceIp(RequestCall call) {
        return call.transport().isPresent() ? null : call.sourceIp();
    }

    private static String principal(RequestCall call) {
        return call.principal().map(p -> p.auditName()).orElse(null);
    }

    private Map<String, String> details(RequestCall call) {
        var details = new LinkedHashMap<>(call.auditDetails());
        call.transport().ifPresent(transport -> details.put("transport", transport));
        call.sensitiveDetails().forEach((key, value) -> details.put(key, hmac.apply(value)));
        return details;
    }
}
