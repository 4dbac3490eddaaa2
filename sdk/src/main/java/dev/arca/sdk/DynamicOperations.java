package dev.arca.sdk;

import dev.arca.api.DatabaseSecrets;
import dev.arca.api.Lease;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Dynamic credentials as ScaiVault's SDK hands them out: made on request by an engine of the client's vault
 * ({@code database}), each on a lease that ends the credential when it is closed, revoked or expires. The engine's
 * configuration is {@link ArcaClient#database()}; this is the application's side:
 *
 * <pre>{@code
 * try (DynamicCredentials db = client.dynamic().generateCredentials("database", "readonly", null)) {
 *     connect(db.connectionUrl(), db.username(), db.password().reveal());
 * }
 * }</pre>
 *
 * Reached by {@link ArcaClient#dynamic()}; immutable.
 */
public final class DynamicOperations {
    private final HttpTransport transport;
    private final @Nullable String vault;

    DynamicOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public DynamicOperations withVault(String vault) {
        return new DynamicOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /**
     * {@code POST /v1/vaults/{vault}/{engine}/creds/{role}}: a new user on a lease, ended by
     * {@link DynamicCredentials#close()}.
     *
     * @param engine where the engine is mounted: {@code database}
     * @param ttl how long the credential lives (whole seconds); null for the role's default
     * @throws AccessDeniedException when the role is not in the connection's {@code allowed_roles}
     * @throws UnavailableException when the database is down
     */
    public DynamicCredentials generateCredentials(String engine, String role, @Nullable Duration ttl) {
        var issued = transport.call("POST", new DatabaseTargets(vault, engine).credentials(role),
                DatabaseTargets.credentialsRequest(ttl), DatabaseSecrets.Credentials.class);
        return new DynamicCredentials(issued, this::revokeLease);
    }

    /**
     * {@code POST /v1/leases/renew}: moves the credential's expiry to now + {@code increment}, never past its
     * maximum (for PostgreSQL the user's {@code VALID UNTIL} too).
     *
     * @param increment null for the lease's own ttl
     * @throws LeaseExpiredException {@code lease_expired} if the lease has ended
     */
    public Lease renew(String leaseId, @Nullable Duration increment) {
        return transport.call("POST", RequestTarget.route("v1", "leases", "renew"),
                LeaseOperations.renewRequest(leaseId, increment), Lease.class);
    }

    /**
     * {@code POST /v1/leases/release}: ends the lease now; the server drops the user (sessions ended) before
     * answering, or, with the database down, its retries do.
     *
     * @throws LeaseExpiredException {@code lease_expired} if the lease had already ended
     */
    public void revokeLease(String leaseId) {
        var body = new Lease.Release(Objects.requireNonNull(leaseId, "leaseId"));
        transport.call("POST", RequestTarget.route("v1", "leases", "release"), body);
    }

    @Override
    public String toString() {
        return "DynamicOperations[vault=" + vault + "]";
    }
}
