package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Lease;
import dev.arca.api.Page;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * {@link LeaseOperations} without blocking: the same requests, answers and exceptions (in the future); an ended
 * lease fails with {@link LeaseExpiredException}. A ttl that is not whole positive seconds is refused at once with
 * {@link IllegalArgumentException}, before anything is sent. Reached by {@link AsyncArcaClient#leases()}; immutable.
 */
public final class AsyncLeaseOperations {
    private static final TypeReference<Page<Lease>> PAGE = new TypeReference<>() {};

    private final HttpTransport transport;
    private final @Nullable String vault;

    AsyncLeaseOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public AsyncLeaseOperations withVault(String vault) {
        return new AsyncLeaseOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /** {@code POST /v1/vaults/{vault}/secrets/{path}/retrieve} with the defaults: 15 min, renewable up to 24 h. */
    public CompletableFuture<Lease.Retrieved> retrieve(String path) {
        return retrieve(path, null, null, null);
    }

    /** {@code POST /v1/vaults/{vault}/secrets/{path}/retrieve}; see {@link LeaseOperations#retrieve(String, Duration, Duration, String)}. */
    public CompletableFuture<Lease.Retrieved> retrieve(String path, @Nullable Duration ttl, @Nullable Duration maxTtl,
            @Nullable String version) {
        return transport.callAsync("POST", LeaseOperations.retrieveOf(vault, path),
                LeaseOperations.retrieveRequest(ttl, maxTtl, version), Lease.Retrieved.class);
    }

    /** {@code GET /v1/leases/{lease_id}}. */
    public CompletableFuture<Lease> get(String leaseId) {
        return transport.callAsync("GET", LeaseOperations.lease(leaseId), null, Lease.class);
    }

    /** {@code GET /v1/leases}: the first page of the caller's own active leases, in every vault. */
    public CompletableFuture<Page<Lease>> listOwn() {
        return listOwn(null, null);
    }

    /** {@code GET /v1/leases?limit=&cursor=}: one page of the caller's own active leases (each may be null). */
    public CompletableFuture<Page<Lease>> listOwn(@Nullable Integer limit, @Nullable String cursor) {
        var target = RequestTarget.route("v1", "leases").query("limit", limit).query("cursor", cursor);
        return transport.callAsync("GET", target, null, PAGE);
    }

    /** {@code GET /v1/vaults/{vault}/leases?holder=&secret=}: the first page of the vault's active leases. */
    public CompletableFuture<Page<Lease>> list(@Nullable String holder, @Nullable String secretId) {
        return list(holder, secretId, null, null);
    }

    /** {@code GET /v1/vaults/{vault}/leases?holder=&secret=&limit=&cursor=}: one page (each may be null). */
    public CompletableFuture<Page<Lease>> list(@Nullable String holder, @Nullable String secretId,
            @Nullable Integer limit, @Nullable String cursor) {
        var target = LeaseOperations.vaultLeasesOf(vault).query("holder", holder).query("secret", secretId)
                .query("limit", limit).query("cursor", cursor);
        return transport.callAsync("GET", target, null, PAGE);
    }

    /** {@code POST /v1/leases/renew}: extends the lease to now + {@code increment} (null: its ttl), never past its maximum. */
    public CompletableFuture<Lease> renew(String leaseId, @Nullable Duration increment) {
        return transport.callAsync("POST", RequestTarget.route("v1", "leases", "renew"),
                LeaseOperations.renewRequest(leaseId, increment), Lease.class);
    }

    /** {@code POST /v1/leases/release}: ends the lease now. */
    public CompletableFuture<Void> release(String leaseId) {
        var body = new Lease.Release(Objects.requireNonNull(leaseId, "leaseId"));
        return transport.callAsync("POST", RequestTarget.route("v1", "leases", "release"), body);
    }

    /** {@code POST /v1/vaults/{vault}/leases/revoke}: ends every active lease of one holder; how many were. */
    public CompletableFuture<Integer> revoke(String holder) {
        var body = new Lease.Revoke(Objects.requireNonNull(holder, "holder"));
        return transport.callAsync("POST", LeaseOperations.vaultLeasesOf(vault).segment("revoke"), body,
                Lease.Revoked.class).thenApply(Lease.Revoked::revoked);
    }

    /** {@code POST /v1/vaults/{vault}/leases/revoke-prefix}: as {@link LeaseOperations#revokePrefix}. */
    public CompletableFuture<Integer> revokePrefix(String prefix) {
        var body = new Lease.RevokePrefix(Objects.requireNonNull(prefix, "prefix"));
        return transport.callAsync("POST", LeaseOperations.vaultLeasesOf(vault).segment("revoke-prefix"), body,
                Lease.Revoked.class).thenApply(Lease.Revoked::revoked);
    }

    /** {@code GET /v1/vaults/{vault}/leases/irrevocable}: as {@link LeaseOperations#irrevocable()}. */
    public CompletableFuture<Page<Lease>> irrevocable() {
        return irrevocable(null, null);
    }

    /** {@code GET /v1/vaults/{vault}/leases/irrevocable?limit=&cursor=}: one page (each may be null). */
    public CompletableFuture<Page<Lease>> irrevocable(@Nullable Integer limit, @Nullable String cursor) {
        return transport.callAsync("GET", LeaseOperations.irrevocableOf(vault, limit, cursor), null, PAGE);
    }

    /** {@code POST /v1/vaults/{vault}/leases/{lease_id}/revoke-force}: as {@link LeaseOperations#revokeForce}. */
    public CompletableFuture<Void> revokeForce(String leaseId) {
        return transport.callAsync("POST", LeaseOperations.revokeForceOf(vault, leaseId), null);
    }

    @Override
    public String toString() {
        return "AsyncLeaseOperations[vault=" + vault + "]";
    }
}
