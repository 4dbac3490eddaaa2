package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.EnrollmentToken;
import dev.arca.api.Machine;
import dev.arca.api.Page;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Machines of one vault and the enrollment tokens they join with. Reached by {@link ArcaClient#machines()};
 * immutable. A machine enrolls itself with {@link Enrollment#enroll}.
 */
public final class MachineOperations {
    private static final TypeReference<Page<Machine>> MACHINES = new TypeReference<>() {};
    private static final TypeReference<Page<EnrollmentToken>> TOKENS = new TypeReference<>() {};

    private final HttpTransport transport;
    private final @Nullable String vault;

    MachineOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public MachineOperations withVault(String vault) {
        return new MachineOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /** {@code POST /v1/vaults/{vault}/enrollment-tokens}: a token, shown this once, that machines enroll with. */
    public EnrollmentToken.Created createEnrollmentToken(EnrollmentToken.Create settings) {
        Objects.requireNonNull(settings, "settings");
        return transport.call("POST", tokens(), settings, EnrollmentToken.Created.class);
    }

    /** {@code GET /v1/vaults/{vault}/enrollment-tokens}: their settings and use counts, never the tokens. */
    public Page<EnrollmentToken> listEnrollmentTokens() {
        return transport.call("GET", tokens(), null, TOKENS);
    }

    /** {@code DELETE /v1/vaults/{vault}/enrollment-tokens/{id}}: no machine can enroll with it any more. */
    public void revokeEnrollmentToken(String id) {
        transport.call("DELETE", tokens().segment(Objects.requireNonNull(id, "id")), null);
    }

    /**
     * {@code POST /v1/enroll}: the low-level enrollment; {@link Enrollment#enroll} also makes the key pair. Needs no
     * credential: the enrollment token is one.
     */
    public Machine.Enrolled enroll(Machine.Enroll request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", RequestTarget.route("v1", "enroll"), request, Machine.Enrolled.class);
    }

    /** {@code GET /v1/vaults/{vault}/machines}. */
    public Page<Machine> list() {
        return list(null);
    }

    /**
     * {@code GET /v1/vaults/{vault}/machines?status=S}: only machines in that state ({@code pending}, {@code active},
     * {@code rejected}, {@code revoked}, {@code expired}); null lists all.
     */
    public Page<Machine> list(@Nullable String status) {
        return transport.call("GET", machines().query("status", status), null, MACHINES);
    }

    /** {@code POST /v1/vaults/{vault}/machines/{id}/approve}: a pending machine becomes active. */
    public Machine approve(String id) {
        return act(id, "approve");
    }

    /** {@code POST /v1/vaults/{vault}/machines/{id}/reject}: a pending machine is refused for good. */
    public Machine reject(String id) {
        return act(id, "reject");
    }

    /** {@code POST /v1/vaults/{vault}/machines/{id}/revoke}: the machine's signatures stop working at once. */
    public Machine revoke(String id) {
        return act(id, "revoke");
    }

    private Machine act(String id, String action) {
        return transport.call("POST", machines().segment(Objects.requireNonNull(id, "id")).segment(action), null,
                Machine.class);
    }

    private RequestTarget machines() {
        return RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("machines");
    }

    private RequestTarget tokens() {
        return RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("enrollment-tokens");
    }
}
