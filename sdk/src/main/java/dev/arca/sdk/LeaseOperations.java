package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Durations;
import dev.arca.api.Lease;
import dev.arca.api.Page;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Leases: raw secret values handed out for a limited time, renewable up to a maximum, that end when released,
 * revoked or expired; an ended lease answers {@code lease_expired} ({@link LeaseExpiredException}). Reached by
 * {@link ArcaClient#leases()}: retrieval and the vault-wide list and revocation work in the client's vault, the
 * routes by lease id in any vault. Immutable.
 */
public final class LeaseOperations {
    private static final TypeReference<Page<Lease>> PAGE = new TypeReference<>() {};

    private final HttpTransport transport;
    private final @Nullable String vault;

    LeaseOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public LeaseOperations withVault(String vault) {
        return new LeaseOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /** {@code POST /v1/vaults/{vault}/secrets/{path}/retrieve} with the defaults: 15 min, renewable up to 24 h. */
    public Lease.Retrieved retrieve(String path) {
        return retrieve(path, null, null, null);
    }

    /**
     * {@code POST /v1/vaults/{vault}/secrets/{path}/retrieve}: the value, on a lease. Needs the {@code lease}
     * permission.
     *
     * @param ttl how long the lease lasts before a renewal (whole seconds; null: 15 min)
     * @param maxTtl how long renewals may extend it (at most 24 h; null: 24 h)
     * @param version a version number or {@value SecretOperations#PREVIOUS}; null for the current one
     */
    public Lease.Retrieved retrieve(String path, @Nullable Duration ttl, @Nullable Duration maxTtl,
            @Nullable String version) {
        return transport.call("POST", retrieveOf(vault, path), retrieveRequest(ttl, maxTtl, version),
                Lease.Retrieved.class);
    }

    /**
     * {@code GET /v1/leases/{lease_id}}: one lease, to its holder or to whoever may {@code read} {@code _leases}
     * of its vault.
     *
     * @throws LeaseExpiredException {@code lease_expired} if the lease has ended
     */
    public Lease get(String leaseId) {
        return transport.call("GET", lease(leaseId), null, Lease.class);
    }

    /** {@code GET /v1/leases}: the first page of the caller's own active leases, in every vault. */
    public Page<Lease> listOwn() {
        return listOwn(null, null);
    }

    /** {@code GET /v1/leases?limit=&cursor=}: one page of the caller's own active leases (each may be null). */
    public Page<Lease> listOwn(@Nullable Integer limit, @Nullable String cursor) {
        var target = RequestTarget.route("v1", "leases").query("limit", limit).query("cursor", cursor);
        return transport.call("GET", target, null, PAGE);
    }

    /**
     * {@code GET /v1/vaults/{vault}/leases?holder=&secret=}: the first page of the vault's active leases, of one
     * holder ({@code agent:bot}) and of one secret ({@code sk_…}) when given. Needs {@code list} on
     * {@code _leases}.
     */
    public Page<Lease> list(@Nullable String holder, @Nullable String secretId) {
        return list(holder, secretId, null, null);
    }

    /** {@code GET /v1/vaults/{vault}/leases?holder=&secret=&limit=&cursor=}: one page (each may be null). */
    public Page<Lease> list(@Nullable String holder, @Nullable String secretId, @Nullable Integer limit,
            @Nullable String cursor) {
        var target = vaultLeases().query("holder", holder).query("secret", secretId).query("limit", limit)
                .query("cursor", cursor);
        return transport.call("GET", target, null, PAGE);
    }

    /**
     * {@code POST /v1/leases/renew}: extends the lease to now + {@code increment}, never past its maximum.
     *
     * @param increment null for the lease's own ttl
     * @throws LeaseExpiredException {@code lease_expired} if the lease has ended
     */
    public Lease renew(String leaseId, @Nullable Duration increment) {
        return transport.call("POST", RequestTarget.route("v1", "leases", "renew"), renewRequest(leaseId, increment),
                Lease.class);
    }

    /**
     * {@code POST /v1/leases/release}: ends the lease now; say so as soon as the value is no longer needed.
     *
     * @throws LeaseExpiredException {@code lease_expired} if the lease had already ended
     */
    public void release(String leaseId) {
        var body = new Lease.Release(Objects.requireNonNull(leaseId, "leaseId"));
        transport.call("POST", RequestTarget.route("v1", "leases", "release"), body);
    }

    /**
     * {@code POST /v1/vaults/{vault}/leases/revoke}: ends every active lease of one holder in the vault, e.g. a
     * compromised agent's. Needs {@code delete} on {@code _leases}.
     *
     * @param holder a subject: {@code agent:bot}, {@code machine:mach_…}…
     * @return how many leases were revoked
     */
    public int revoke(String holder) {
        var body = new Lease.Revoke(Objects.requireNonNull(holder, "holder"));
        return transport.call("POST", vaultLeases().segment("revoke"), body, Lease.Revoked.class).revoked();
    }

    /**
     * {@code POST /v1/vaults/{vault}/leases/revoke-prefix}: ends every active lease of the vault whose path starts
     * with {@code prefix}, e.g. {@code database/creds/readonly} for every credential of one role; their database
     * users are dropped right after. Needs {@code delete} on {@code _leases}.
     *
     * @return how many leases were revoked
     */
    public int revokePrefix(String prefix) {
        var body = new Lease.RevokePrefix(Objects.requireNonNull(prefix, "prefix"));
        return transport.call("POST", vaultLeases().segment("revoke-prefix"), body, Lease.Revoked.class).revoked();
    }

    /**
     * {@code GET /v1/vaults/{vault}/leases/irrevocable}: the first page of dynamic credentials whose revocation was
     * given up on after retries; {@link Lease#lastError()} says why. Needs {@code list} on {@code _leases}.
     */
    public Page<Lease> irrevocable() {
        return irrevocable(null, null);
    }

    /** {@code GET /v1/vaults/{vault}/leases/irrevocable?limit=&cursor=}: one page (each may be null). */
    public Page<Lease> irrevocable(@Nullable Integer limit, @Nullable String cursor) {
        return transport.call("GET", irrevocableOf(vault, limit, cursor), null, PAGE);
    }

    /**
     * {@code POST /v1/vaults/{vault}/leases/{lease_id}/revoke-force}: one last attempt to drop the credential's user,
     * then the lease owes nothing whatever it did (audited, and noted on the lease). Needs {@code admin} on
     * {@code _leases}.
     *
     * @throws ConflictException when the lease owed no revocation
     */
    public void revokeForce(String leaseId) {
        transport.call("POST", revokeForceOf(vault, leaseId), null);
    }

    private RequestTarget vaultLeases() {
        return vaultLeasesOf(vault);
    }

    /** {@code /v1/vaults/{vault}/leases}; the helpers below are shared with {@link AsyncLeaseOperations}. */
    static RequestTarget vaultLeasesOf(@Nullable String vault) {
        return RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("leases");
    }

    /** {@code /v1/vaults/{vault}/leases/irrevocable?limit=&cursor=}. */
    static RequestTarget irrevocableOf(@Nullable String vault, @Nullable Integer limit, @Nullable String cursor) {
        return vaultLeasesOf(vault).segment("irrevocable").query("limit", limit).query("cursor", cursor);
    }

    /** {@code /v1/vaults/{vault}/leases/{lease_id}/revoke-force}. */
    static RequestTarget revokeForceOf(@Nullable String vault, String leaseId) {
        return vaultLeasesOf(vault).segment(Objects.requireNonNull(leaseId, "leaseId")).segment("revoke-force");
    }

    /** {@code /v1/vaults/{vault}/secrets/{path}/retrieve}. */
    static RequestTarget retrieveOf(@Nullable String vault, String path) {
        return SecretOperations.secretOf(vault, path).segment("retrieve");
    }

    /** A retrieve body; a ttl that is not whole positive seconds is refused before sending. */
    static Lease.Retrieve retrieveRequest(@Nullable Duration ttl, @Nullable Duration maxTtl,
            @Nullable String version) {
        return new Lease.Retrieve(duration("ttl", ttl), duration("maxTtl", maxTtl), version);
    }

    /** A renew body. */
    static Lease.Renew renewRequest(String leaseId, @Nullable Duration increment) {
        return new Lease.Renew(Objects.requireNonNull(leaseId, "leaseId"), duration("increment", increment));
    }

    static RequestTarget lease(String leaseId) {
        return RequestTarget.route("v1", "leases").segment(Objects.requireNonNull(leaseId, "leaseId"));
    }

    /** A wire duration ({@code 15m}) of whole seconds, or null; also the database engine's ttl. */
    static @Nullable String duration(String name, @Nullable Duration duration) {
        if (duration == null) {
            return null;
        }
        if (duration.isNegative() || duration.isZero() || duration.getNano() != 0) {
            throw new IllegalArgumentException(name + " must be a positive number of whole seconds, not " + duration);
        }
        return Durations.format(duration);
    }
}
