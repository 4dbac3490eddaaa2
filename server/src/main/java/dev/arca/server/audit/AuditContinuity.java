package dev.arca.server.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, at start and again at unseal, that the audit file ends where the database says (DESIGN §11 Audit), and
 * acts on a mismatch as configured: refuse (start fails; an unseal is undone) or warn (a loud error, then a
 * {@code break} entry saying what was expected, and the head moved to it so the next check is clean).
 *
 * <p>Guarantees: at start, without the key, a file missing, cut before the head entry or whose head entry differs is
 * found ({@link AuditHeadCheck}); at unseal, with the key, so is a head the database holds with a MAC the chain key
 * did not make (the file and the database changed together by someone without the key).
 */
public final class AuditContinuity {
    private static final Logger LOG = LoggerFactory.getLogger(AuditContinuity.class);

    private final Path file;
    private final AuditHeadStore heads;
    private final ChainKey key;
    private final boolean refuse;
    private @Nullable AuditTrail trail;
    private final AtomicReference<AuditHeadCheck.Mismatch> foundAtUnseal = new AtomicReference<>();

    /** @param refuse true to refuse on a mismatch ({@code audit_on_mismatch = refuse}), false to warn and go on */
    public AuditContinuity(Path file, AuditHeadStore heads, ChainKey key, boolean refuse) {
        this.file = file;
        this.heads = heads;
        this.key = key;
        this.refuse = refuse;
    }

    /**
     * Checks the file against the head, then opens the trail, rotating as {@code rotation} says and copying its
     * lines to {@code sinks} (which it then owns); called once, at start.
     *
     * @throws AuditTrailBrokenException on a mismatch under refuse, with the message the operator needs
     */
    public AuditTrail open(AuditTrail.Durability durability, AuditTrail.Rotation rotation, List<AuditTrail.Sink> sinks)
            throws IOException {
        var expected = heads.find();
        var mismatch = AuditHeadCheck.check(file, expected);
        if (mismatch.isPresent() && refuse) {
            sinks.forEach(AuditTrail.Sink::close);
            LOG.error("AUDIT TRAIL BROKEN, refusing to start (audit_on_mismatch = refuse): {}", mismatch.get().message());
            throw new AuditTrailBrokenException("refusing to start: " + mismatch.get().message());
        }
        trail = AuditTrail.open(file, durability, key, expected.map(heads -> heads.last().seq()).orElse(0L), rotation,
                sinks, this::recordRotation);
        if (mismatch.isPresent()) {
            try {
                goOnAfter(mismatch.get());
            } catch (RuntimeException e) {
                trail.close();
                throw e;
            }
        }
        return trail;
    }

    /**
     * Checks again with the key an unseal just opened, before that unseal serves anything: the head's MAC, and the
     * file against the head. Under refuse a mismatch is returned and the unseal refused; under warn it is kept and
     * recorded as a break by {@link #recordBreakFoundAtUnseal} once the server is unsealed (so the break entry
     * carries a MAC), and empty is returned.
     */
    public Optional<AuditHeadCheck.Mismatch> checkAtUnseal(ChainKey openedKey) {
        var expected = heads.find();
        var forged = expected.map(AuditHeadStore.Heads::keyed)
                .filter(head -> head.mac() != null && !openedKey.verify(head.hash(), head.mac()).orElse(true));
        var mismatch = forged.isPresent() ? Optional.of(forged(forged.get())) : AuditHeadCheck.check(file, expected);
        if (mismatch.isEmpty() || refuse) {
            mismatch.ifPresent(m -> LOG.error("AUDIT TRAIL BROKEN, staying sealed (audit_on_mismatch = refuse): {}",
                    m.message()));
            return mismatch;
        }
        foundAtUnseal.set(mismatch.get());
        return Optional.empty();
    }

    /** Once unsealed under warn: records the break {@link #checkAtUnseal} found, if any. */
    public void recordBreakFoundAtUnseal() {
        var mismatch = foundAtUnseal.getAndSet(null);
        if (mismatch != null) {
            goOnAfter(mismatch);
        }
    }

    /**
     * The head moves to each {@code rotated} entry, so the next start finds it in the new file rather than in the
     * one rotated away (which the check then looks for: {@link AuditHeadCheck}). Off the writer thread: a request
     * holding the database's write lock may be waiting for that thread.
     */
    private void recordRotation(AuditHead anchor) {
        Thread.ofVirtual().name("audit-rotation-head").start(() -> {
            try {
                heads.advanceAlone(anchor);
            } catch (RuntimeException e) {
                LOG.warn("Cannot record the audit rotation at seq {} as the head; the next start looks for the head "
                        + "in the file rotated away", anchor.seq(), e);
            }
        });
    }

    private AuditHeadCheck.Mismatch forged(AuditHead head) {
        return new AuditHeadCheck.Mismatch("forged_head", "the audit head the database records for "
                + file.toAbsolutePath() + " (entry seq " + head.seq() + ") carries a MAC the chain key did not make: "
                + "the database and the file were changed together. Keep both for investigation; to serve anyway, "
                + "restart with audit_on_mismatch = \"warn\" (ARCA_AUDIT_ON_MISMATCH=warn) and unseal: a break entry "
                + "then records it", Map.of("expected_seq", Long.toString(head.seq()), "expected_hash", head.hash()));
    }

    private void goOnAfter(AuditHeadCheck.Mismatch mismatch) {
        LOG.error("AUDIT TRAIL BROKEN, serving anyway (audit_on_mismatch = warn): {}", mismatch.message());
        var opened = Objects.requireNonNull(trail, "the trail is opened at start");
        heads.restartAt(opened.recordBreak(mismatch.kind(), mismatch.details()));
    }
}
