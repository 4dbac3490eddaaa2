package dev.arca.server.audit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where an entry sits in the chain: its seq, its hash and its MAC (null when written without the chain key in
 * memory). {@link AuditTrail#append} returns it; the head of the last committed write is kept in the database
 * ({@link AuditHeadStore}), and the file must still hold that entry ({@link AuditHeadCheck}).
 */
public record AuditHead(long seq, String hash, @Nullable String mac) {
    public AuditHead {
        if (seq < 1) {
            throw new IllegalArgumentException("an entry's seq starts at 1; got " + seq);
        }
        if (!AuditChain.isHash(Objects.requireNonNull(hash, "hash"))) {
            throw new IllegalArgumentException("an entry's hash is 64 lowercase hex digits");
        }
        if (mac != null && !AuditChain.isMac(mac)) {
            throw new IllegalArgumentException("an entry's MAC is lowercase hex");
        }
    }
}
