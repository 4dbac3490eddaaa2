package dev.arca.sdk;

import dev.arca.api.DatabaseSecrets;
import dev.arca.api.Lease;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * {@link DynamicOperations} without blocking: the same requests, answers and exceptions, in a future. The
 * {@link DynamicCredentials} a future completes with is the same object: its {@link DynamicCredentials#close()}
 * blocks until the lease is released, as try-with-resources expects. Reached by {@link AsyncArcaClient#dynamic()};
 * immutable.
 */
public final class AsyncDynamicOperations {
    private final HttpTransport transport;
    private final @Nullable String vault;
    private final DynamicOperations blocking;

    AsyncDynamicOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
        this.blocking = new DynamicOperations(transport, vault);
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public AsyncDynamicOperations withVault(String vault) {
        return new AsyncDynamicOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /** {@code POST /v1/vaults/{vault}/{engine}/creds/{role}}: as {@link DynamicOperations#generateCredentials}. */
    public CompletableFuture<DynamicCredentials> generateCredentials(String engine, String role,
            @Nullable Duration ttl) {
        return transport.callAsync("POST", new DatabaseTargets(vault, engine).credentials(role),
                DatabaseTargets.credentialsRequest(ttl), DatabaseSecrets.Credentials.class)
                .thenApply(issued -> new DynamicCredentials(issued, blocking::revokeLease));
    }

    /** {@code POST /v1/leases/renew}: as {@link DynamicOperations#renew}. */
    public CompletableFuture<Lease> renew(String leaseId, @Nullable Duration increment) {
        return transport.callAsync("POST", RequestTarget.route("v1", "leases", "renew"),
                LeaseOperations.renewRequest(leaseId, increment), Lease.class);
    }

    /** {@code POST /v1/leases/release}: as {@link DynamicOperations#revokeLease}. */
    public CompletableFuture<Void> revokeLease(String leaseId) {
        var body = new Lease.Release(Objects.requireNonNull(leaseId, "leaseId"));
        return transport.callAsync("POST", RequestTarget.route("v1", "leases", "release"), body);
    }

    @Override
    public String toString() {
        return "AsyncDynamicOperations[vault=" + vault + "]";
    }
}
