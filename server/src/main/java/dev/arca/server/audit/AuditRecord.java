package dev.arca.server.audit;

import dev.arca.server.storage.Ids;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What one audit entry says about a request or its response. It holds metadata only: the pipeline never passes
 * a request or response body, and whatever in {@code details} identifies a sensitive input has already been HMAC-ed
 * by the caller, so a record never carries a secret value.
 *
 * @param time when the request arrived or the response was decided
 * @param type whether the entry describes the request or its response, or records a break in the chain
 * @param requestId the {@code req_…} id the caller also sees in {@code X-Request-Id}
 * @param principal who made the request, such as {@code token:acc_x}; null before authentication succeeded
 * @param operation what was asked, such as {@code secret.read}; null when no route matched
 * @param method the HTTP method
 * @param path the URL path, without the query string
 * @param sourceIp the client's address; null when the request came over a Unix domain socket
 * @param status the HTTP status answered; set on a response entry and only there
 * @param error the error code answered, such as {@code access_denied}; null for a request entry or a success
 * @param details further facts about the request, already HMAC-ed where sensitive; never null (empty instead)
 */
public record AuditRecord(
        Instant time,
        Type type,
        String requestId,
        @Nullable String principal,
        @Nullable String operation,
        String method,
        String path,
        @Nullable String sourceIp,
        @Nullable Integer status,
        @Nullable String error,
        Map<String, String> details) {

    /** Which half of an exchange an entry describes, or that the trail records a break of its own chain. */
    public enum Type {
        REQUEST,
        RESPONSE,
        /**
         * Written by the server, not for a request: the trail did not continue where it should have (a file cut,
         * removed or replaced) and the server went on in a new segment. Its details say what was expected.
         */
        BREAK,
        /**
         * Written by the server, not for a request: the first line of a new file after the previous one was rotated
         * away (renamed by the operator's logrotate, or by the trail at {@code audit_max_bytes}). It chains onto the
         * previous file's last line, so the chain goes on across files; its details say where it continues from.
         */
        ROTATED;

        /** The name written in the trail: {@code request}, {@code response}, {@code break} or {@code rotated}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AuditRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        if (type != Type.RESPONSE && (status != null || error != null)) {
            throw new IllegalArgumentException("a request or break entry has no status or error; those belong to a "
                    + "response entry");
        }
        if (type == Type.RESPONSE && status == null) {
            throw new IllegalArgumentException("a response entry needs the status that was answered");
        }
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** A {@link Type#BREAK} entry: {@code reason} is one word ({@code truncated}, {@code missing}…); details say more. */
    static AuditRecord chainBreak(String reason, Map<String, String> details) {
        return serverEntry(Type.BREAK, "brk_", "audit.break", reason, details);
    }

    /** A {@link Type#ROTATED} entry: {@code reason} is {@code size} or {@code renamed}; details say more. */
    static AuditRecord rotated(String reason, Map<String, String> details) {
        return serverEntry(Type.ROTATED, "rot_", "audit.rotate", reason, details);
    }

    /** An entry the trail writes about itself, not about a request: by {@code server}, with its reason in details. */
    private static AuditRecord serverEntry(Type type, String idPrefix, String operation, String reason,
            Map<String, String> details) {
        var all = new TreeMap<>(details);
        all.put("reason", reason);
        return new AuditRecord(Instant.now(), type, Ids.newId(idPrefix), "server", operation, "-", "-", null, null,
                null, all);
    }
}
