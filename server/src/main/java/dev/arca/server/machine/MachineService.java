package dev.arca.server.machine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arca.api.Machine;
import dev.arca.api.Page;
import dev.arca.server.auth.TokenService;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Paging;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.jspecify.annotations.Nullable;

/**
 * Enrolled machines: listing, the approval decisions (approve, reject, revoke), expiry of ephemeral machines,
 * and the lookups that signed requests make. Lookups are cached for {@link #LOOKUP_TTL} because every signed
 * request makes one; approve, reject and revoke drop the machine from this node's cache, so on this node a
 * decision takes effect with the next request. A request looked up while the decision is still committing, and
 * other nodes sharing the database, may see the old state for up to {@link #LOOKUP_TTL}.
 */
public final class MachineService {
    static final Duration LOOKUP_TTL = Duration.ofSeconds(5);

    /** What a signature check needs to know about a machine, with its key ready for verifying. */
    record KnownMachine(String id, String vaultId, String name, MachineStatus status, @Nullable Instant expiresAt,
            Ed25519PublicKeyParameters key) {}

    private final MachineStore store;
    private final TokenService tokens;
    private final Clock clock;
    private final Cache<String, Optional<KnownMachine>> lookups = Caffeine.newBuilder()
            .expireAfterWrite(LOOKUP_TTL).maximumSize(100_000).build();

    public MachineService(Database db, TokenService tokens, Clock clock) {
        this.store = new MachineStore(db);
        this.tokens = tokens;
        this.clock = clock;
    }

    /** {@code GET /v1/vaults/{vault}/machines?status=&limit=&cursor=}, in id order. */
    public Page<Machine> list(String vaultId, Optional<MachineStatus> status, Paging.Query query) {
        int size = Paging.limit(query.limit());
        List<MachineStore.Row> rows = store.list(vaultId, status.orElse(null), query.cursor().orElse(null), size + 1);
        boolean more = rows.size() > size;
        List<Machine> page = rows.stream().limit(size).map(MachineService::view).toList();
        return new Page<>(page, more, more ? page.getLast().id() : null);
    }

    /** Pending → active. */
    public Machine approve(String vaultId, String id) {
        return move(vaultId, id, MachineStatus.PENDING, MachineStatus.ACTIVE, clock.instant(), "approved");
    }

    /** Pending → rejected: the machine can never sign a request. */
    public Machine reject(String vaultId, String id) {
        return move(vaultId, id, MachineStatus.PENDING, MachineStatus.REJECTED, null, "rejected");
    }

    /** Pending or active → revoked, with every token issued to the machine. */
    public Machine revoke(String vaultId, String id) {
        MachineStore.Row row = existing(vaultId, id);
        if (row.status() != MachineStatus.PENDING && row.status() != MachineStatus.ACTIVE) {
            throw ArcaException.conflict("machine " + id + " is " + row.status().wire() + "; only a pending or "
                    + "active machine can be revoked");
        }
        if (!store.transition(id, row.status(), MachineStatus.REVOKED, null)) {
            throw ArcaException.conflict("machine " + id + " changed while being revoked; try again");
        }
        tokens.revokeOwnedBy(vaultId, Principal.Kind.MACHINE, id);
        lookups.invalidate(id);
        return view(existing(vaultId, id));
    }

    private Machine move(String vaultId, String id, MachineStatus from, MachineStatus to, @Nullable Instant approvedAt,
            String verb) {
        MachineStore.Row row = existing(vaultId, id);
        if (row.status() != from || !store.transition(id, from, to, approvedAt)) {
            throw ArcaException.conflict("machine " + id + " is " + row.status().wire() + "; only a "
                    + from.wire() + " machine can be " + verb);
        }
        lookups.invalidate(id);
        return view(existing(vaultId, id));
    }

    private MachineStore.Row existing(String vaultId, String id) {
        return store.byId(id).filter(row -> row.vaultId().equals(vaultId))
                .orElseThrow(() -> ArcaException.notFound("no machine " + id + " in this vault; `arca machine list` "
                        + "shows them"));
    }

    /** The machine behind a signed request, from a cache that lives {@link #LOOKUP_TTL}; empty when unknown. */
    Optional<KnownMachine> lookup(String id) {
        return lookups.get(id, key -> store.byId(key).flatMap(MachineService::known));
    }

    private static Optional<KnownMachine> known(MachineStore.Row row) {
        return Ed25519Keys.publicKey(row.publicKey()).map(key -> new KnownMachine(row.id(), row.vaultId(),
                row.name(), row.status(), row.expiresAt(), key));
    }

    /** The machines in a vault that are pending or active and not past their lifetime. */
    int countLive(String vaultId) {
        return store.countLive(vaultId, clock.instant());
    }

    /** False, writing nothing, when a pending or active machine of the vault has the name (any case). */
    boolean insertUnlessNameTaken(MachineStore.Row row) {
        return store.insertUnlessNameTaken(row);
    }

    /** Marks ephemeral machines past their lifetime {@code expired}; returns how many. */
    int expireEphemeral() {
        List<String> expired = store.expireEphemeral(clock.instant());
        lookups.invalidateAll(expired);
        return expired.size();
    }

    static Machine view(MachineStore.Row row) {
        return new Machine(row.id(), row.name(), row.vaultId(), row.status().wire(), row.ephemeral(), row.hostname(),
                row.createdAt(), row.expiresAt(), row.approvedAt());
    }
}
