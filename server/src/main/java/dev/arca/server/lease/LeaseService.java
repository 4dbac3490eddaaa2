package dev.arca.server.lease;

import dev.arca.api.Durations;
import dev.arca.api.ErrorCode;
import dev.arca.api.Lease;
import dev.arca.api.Page;
import dev.arca.api.Secret;
import dev.arca.server.access.Guard;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import dev.arca.server.identity.Resource;
import dev.arca.server.secrets.SecretService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import dev.arca.server.storage.Paging;
import dev.arca.server.vaults.VaultService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Raw values handed out for a time ({@code docs/API-use.md} "Leases"). A retrieval reads the value and records
 * its lease in the request's one transaction, so no value leaves without a lease and a failed read leaves no
 * lease. A lease is live while {@code active} and before its {@code expires_at}; one past its expiry is ended
 * even if the {@link LeaseReaper} has not marked it yet. Renewal never goes past {@code max_expires_at}.
 *
 * <p>The {@code /v1/leases/…} routes are open to every principal; who may touch a given lease is decided here:
 * its holder (same subject in the same vault), or whoever the vault's policies grant {@code read} (look up) or
 * {@code update} (renew, release) on {@code _leases}.
 */
public final class LeaseService {
    static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
    static final Duration MAX_TTL = Duration.ofHours(24);
    static final String ID_PREFIX = "lease_";
    /** The reserved path a vault's policies grant lease administration on. */
    static final String LEASES = "_leases";

    private final LeaseStore store;
    private final LeaseRevocations revocations;
    private final SecretService secrets;
    private final VaultService vaults;
    private final Guard guard;
    private final Clock clock;

    public LeaseService(Database db, LeaseRevocations revocations, SecretService secrets, VaultService vaults,
            Guard guard, Clock clock) {
        this.store = new LeaseStore(db);
        this.revocations = revocations;
        this.secrets = secrets;
        this.vaults = vaults;
        this.guard = guard;
        this.clock = clock;
    }

    /** {@code POST …/secrets/{path}/retrieve}: the value of the secret (or of {@code version}) on a new lease. */
    public Lease.Retrieved retrieve(String vaultRef, String path, Lease.Retrieve request, Principal caller) {
        Duration ttl = duration("ttl", request.ttl(), DEFAULT_TTL);
        Duration maxTtl = duration("max_ttl", request.maxTtl(), MAX_TTL);
        if (ttl.compareTo(maxTtl) > 0) {
            String field = request.ttl() != null ? "ttl" : "max_ttl";
            throw ArcaException.invalid(field, "ttl (" + Durations.format(ttl) + ") may not exceed max_ttl ("
                    + Durations.format(maxTtl) + ")");
        }
        String vaultId = vaults.resolve(vaultRef).id();
        Secret secret = secrets.read(vaultRef, path, Optional.ofNullable(request.version()), Optional.empty());
        long now = now();
        var row = LeaseStore.Row.secret(Ids.newId(ID_PREFIX), vaultId, secret.id(), secret.path(), secret.version(),
                caller.subject(), ttl.toMillis(), now, now + ttl.toMillis(), now + maxTtl.toMillis());
        store.insert(row);
        Lease lease = row.view();
        return new Lease.Retrieved(row.id(), secret.id(), secret.path(), secret.version(), secret.type(),
                secret.value(), secret.fields(), ttl.toSeconds(), lease.expiresAt(), lease.maxExpiresAt());
    }

    /** {@code GET /v1/leases}: the caller's own live leases, in id order. */
    public Page<Lease> own(Principal caller, Paging.Query page) {
        var paging = Paging.of(page, LeaseService::isLeaseId);
        return page(paging, store.liveOf(caller.vaultId(), caller.subject(), now(), paging.after(),
                paging.size() + 1));
    }

    /** {@code GET /v1/vaults/{vault}/leases}: a vault's live leases, optionally of one holder and/or one secret. */
    public Page<Lease> inVault(String vaultRef, Optional<String> holder, Optional<String> secretId,
            Paging.Query page) {
        String vaultId = vaults.resolve(vaultRef).id();
        var paging = Paging.of(page, LeaseService::isLeaseId);
        return page(paging, store.liveIn(new LeaseStore.VaultQuery(vaultId, holder.map(LeaseService::holder)
                .orElse(null), secretId.orElse(null), now(), paging.after(), paging.size() + 1)));
    }

    /** {@code GET /v1/leases/{id}}. */
    public Lease get(String leaseId, Principal caller, String sourceIp) {
        return live(leaseId, caller, Permission.READ, sourceIp).view();
    }

    /**
     * {@code POST /v1/leases/renew}: {@code expires_at = min(now + increment, max_expires_at)}. In two steps, as
     * the route runs them: the checks and, for a dynamic credential, its expiry in the database (outside the
     * transaction, so a slow database holds no writer lock); then the row, whose answer the supplier gives.
     */
    public Supplier<Lease> renew(Lease.Renew request, Principal caller, String sourceIp) {
        LeaseStore.Row row = live(leaseId(request.leaseId()), caller, Permission.UPDATE, sourceIp);
        Duration increment = duration("increment", request.increment(), Duration.ofMillis(row.ttlMs()));
        long expiresAt = Math.min(now() + increment.toMillis(), row.maxExpiresAt());
        revocations.renew(row, Instant.ofEpochMilli(expiresAt));
        return () -> {
            if (!store.renew(row.id(), expiresAt, now())) {
                throw ended(row.id());
            }
            return store.byId(row.id()).orElseThrow().view();
        };
    }

    /**
     * {@code POST /v1/leases/release}: the lease ends now. A dynamic credential's user is dropped first, outside
     * the transaction, so it is gone when the caller hears back; if the database cannot do it now, the lease stays
     * owed and {@link LeaseRevocations} retries. The runnable ends the row.
     */
    public Runnable release(Lease.Release request, Principal caller, String sourceIp) {
        LeaseStore.Row row = live(leaseId(request.leaseId()), caller, Permission.UPDATE, sourceIp);
        boolean cleanedUp = row.cleanup() != null && revocations.revokeNow(row);
        return () -> {
            if (!store.release(row.id(), now(), cleanedUp)) {
                throw ended(row.id());
            }
        };
    }

    /** {@code POST /v1/vaults/{vault}/leases/revoke}: ends every live lease of one holder in the vault. */
    public Lease.Revoked revoke(String vaultRef, Lease.Revoke request) {
        String vaultId = vaults.resolve(vaultRef).id();
        return new Lease.Revoked(store.revokeHolder(vaultId, holder(request.holder()), now()));
    }

    /**
     * {@code POST /v1/vaults/{vault}/leases/revoke-prefix}: ends every live lease whose path starts with the prefix
     * ({@code database/creds/readonly}); their database users are dropped by {@link LeaseRevocations} right after.
     */
    public Lease.Revoked revokePrefix(String vaultRef, Lease.RevokePrefix request) {
        String vaultId = vaults.resolve(vaultRef).id();
        String prefix = request.prefix();
        if (prefix == null || prefix.isBlank() || prefix.length() > 512) {
            throw ArcaException.invalid("prefix", "prefix must be a lease path prefix such as database/creds/"
                    + "readonly, at most 512 characters");
        }
        return new Lease.Revoked(store.revokePrefix(vaultId, prefix, now()));
    }

    /** {@code GET /v1/vaults/{vault}/leases/irrevocable}: the credentials retries gave up on, in id order. */
    public Page<Lease> irrevocable(String vaultRef, Paging.Query page) {
        String vaultId = vaults.resolve(vaultRef).id();
        var paging = Paging.of(page, LeaseService::isLeaseId);
        return page(paging, store.irrevocable(vaultId, paging.after(), paging.size() + 1));
    }

    /**
     * {@code POST /v1/vaults/{vault}/leases/{lease_id}/revoke-force} (admin): one last attempt to drop the user, then
     * the lease ends and is owed nothing, whatever the attempt did — for a database gone for good. Audited like
     * every request; the lease keeps a note of it.
     */
    public Runnable revokeForce(String vaultRef, String leaseId, Principal caller) {
        String vaultId = vaults.resolve(vaultRef).id();
        LeaseStore.Row row = store.byId(leaseId).filter(found -> found.vaultId().equals(vaultId))
                .orElseThrow(() -> ArcaException.notFound("no lease " + leaseId + " in this vault"));
        if (row.cleanup() == null || LeaseStore.DONE.equals(row.cleanup())) {
            throw new ArcaException(ErrorCode.CONFLICT, "lease " + leaseId + " owes no revocation: nothing to force");
        }
        boolean dropped = revocations.revokeNow(row);
        String note = "revoke-force by " + caller.subject() + (dropped ? ": user dropped" : ": user may remain");
        return () -> {
            if (!store.forceEnd(row.id(), now(), note)) {
                throw new ArcaException(ErrorCode.CONFLICT, "lease " + leaseId + " was revoked meanwhile");
            }
        };
    }

    /** The lease, once the caller may touch it ({@code permission} on {@code _leases} unless it holds it); live. */
    private LeaseStore.Row live(String leaseId, Principal caller, Permission permission, String sourceIp) {
        LeaseStore.Row row = store.byId(leaseId)
                .orElseThrow(() -> ArcaException.notFound("no lease " + leaseId));
        boolean holds = row.holder().equals(caller.subject())
                && (caller.vaultId() == null || caller.vaultId().equals(row.vaultId()));
        if (!holds) {
            guard.authorize(caller, Resource.inVault(row.vaultId(), LEASES), permission, sourceIp);
        }
        if (row.endedAt(now())) {
            throw ended(leaseId);
        }
        return row;
    }

    private Page<Lease> page(Paging paging, List<LeaseStore.Row> fetched) {
        Page<LeaseStore.Row> page = paging.page(fetched, LeaseStore.Row::id);
        return new Page<>(page.data().stream().map(LeaseStore.Row::view).toList(), page.hasMore(), page.cursor());
    }

    private long now() {
        return clock.millis();
    }

    private static ArcaException ended(String leaseId) {
        return new ArcaException(ErrorCode.LEASE_EXPIRED, "lease " + leaseId
                + " has ended (expired, released or revoked); ask again for a new lease");
    }

    /** A ttl, max_ttl or increment: from 1s to {@link #MAX_TTL}, as no lease can outlive that. */
    private static Duration duration(String field, @Nullable String text, Duration absent) {
        if (text == null) {
            return absent;
        }
        Duration parsed;
        try {
            parsed = Durations.parse(text, MAX_TTL);
        } catch (IllegalArgumentException e) {
            throw ArcaException.invalid(field, field + ": " + e.getMessage());
        }
        if (parsed.isZero()) {
            throw ArcaException.invalid(field, field + " must be at least 1s");
        }
        return parsed;
    }

    private static String leaseId(@Nullable String id) {
        if (id == null || id.isBlank()) {
            throw ArcaException.invalid("lease_id", "lease_id is required");
        }
        return id;
    }

    /** A subject as policies and leases name it: {@code kind:id}. */
    private static String holder(String subject) {
        if (subject == null || subject.length() > 200 || subject.indexOf(':') < 1
                || subject.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ArcaException.invalid("holder", "holder must be a subject such as agent:bot or machine:mach_…, "
                    + "at most 200 characters");
        }
        return subject;
    }

    private static boolean isLeaseId(String id) {
        return id.startsWith(ID_PREFIX) && id.length() <= 64;
    }
}
