package dev.arca.server.pki;

import dev.arca.api.ErrorCode;
import dev.arca.api.Page;
import dev.arca.api.Pki;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import dev.arca.server.storage.Database;
import java.time.Clock;
import java.util.Optional;

/**
 * The roles of each vault ({@code docs/API-pki.md}, roles): what certificates issued or signed against a role may
 * say. A write replaces the whole role; what it leaves out takes its default ({@link Pki.RoleWrite}).
 */
public final class RoleService {
    private final RoleStore roles;
    private final IssuerService issuers;
    private final Clock clock;

    public RoleService(Database db, IssuerService issuers, Clock clock) {
        this.roles = new RoleStore(db);
        this.issuers = issuers;
        this.clock = clock;
    }

    /**
     * {@code PUT …/roles/{role}}: creates or replaces the role. 400 naming the field for a value that does not fit,
     * or for an issuer the vault does not have.
     */
    public Pki.Role put(String vaultRef, String name, Pki.RoleWrite write, Principal by) {
        String vaultId = issuers.vaultId(vaultRef);
        String role = IssuerNames.check(name, "role");
        Pki.RoleWrite completed = RoleValidation.complete(write);
        if (completed.issuer() != null) {
            try {
                var _ = issuers.row(vaultId, completed.issuer());
            } catch (ArcaException e) {
                if (e.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
                throw ArcaException.invalid("issuer", "the vault has no issuer " + completed.issuer()
                        + "; name one of GET …/pki/issuers, or leave issuer out for the vault's default");
            }
        }
        roles.put(vaultId, role, completed, clock.instant(), by.subject());
        return get(vaultRef, role);
    }

    public Pki.Role get(String vaultRef, String name) {
        return find(issuers.vaultId(vaultRef), name).orElseThrow(() -> ArcaException.notFound("no role "
                + name + " in this vault's PKI engine"));
    }

    public Optional<Pki.Role> find(String vaultId, String name) {
        return roles.find(vaultId, name);
    }

    public Page<Pki.Role> list(String vaultRef) {
        return new Page<>(roles.list(issuers.vaultId(vaultRef)), false, null);
    }

    /** {@code DELETE …/roles/{role}}: certificates already issued against it stay valid. 404 when there is none. */
    public void delete(String vaultRef, String name) {
        if (!roles.delete(issuers.vaultId(vaultRef), name)) {
            throw ArcaException.notFound("no role " + name + " in this vault's PKI engine");
        }
    }
}
