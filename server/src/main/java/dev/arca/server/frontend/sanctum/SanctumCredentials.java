package dev.arca.server.frontend.sanctum;

import dev.arca.api.Lease;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.api.TransitKey;
import dev.arca.api.Use;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import dev.arca.server.lease.LeaseService;
import dev.arca.server.route.Call;
import dev.arca.server.secrets.SecretListing;
import dev.arca.server.transit.TransitService;
import dev.arca.server.use.UseService;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What SanctumAI's credential calls do in Arca's terms: {@code list} is Arca's listing (each secret the agent may
 * {@code list}), {@code retrieve} and {@code release_lease} are a lease ({@link LeaseService}, so raw retrieval needs
 * {@code lease}), and {@code use} is Arca's use ({@link UseService}, with its egress rules) or, for
 * {@code encrypt}/{@code decrypt}, the transit key at the path ({@link TransitService}, text in, text out).
 */
public final class SanctumCredentials {
    /** {@code encrypt}/{@code decrypt}'s parameters: {@code data} the text (or the ciphertext), as SanctumAI sends it. */
    record TransitText(String operation, @Nullable SecretText data, @Nullable String context) {}

    private final SecretListing listing;
    private final LeaseService leases;
    private final UseService use;
    private final TransitService transit;

    public SanctumCredentials(SecretListing listing, LeaseService leases, UseService use, TransitService transit) {
        this.listing = listing;
        this.leases = leases;
        this.use = use;
        this.transit = transit;
    }

    /** Every secret of the vault the caller may list, in path order. */
    List<Secret.Item> list(String vault, Principal caller, String sourceIp) {
        return listing.all(vault, Optional.empty(), caller, sourceIp);
    }

    /** The value on a new lease; {@code ttlSeconds} empty for Arca's default lease. */
    Lease.Retrieved retrieve(String vault, String path, Optional<Long> ttlSeconds, Principal caller) {
        return leases.retrieve(vault, path, new Lease.Retrieve(ttlSeconds.map(s -> s + "s").orElse(null), null,
                null), caller);
    }

    /** Ends the lease, in two steps as {@link LeaseService#release} takes them. */
    Runnable release(String leaseId, Principal caller, String sourceIp) {
        return leases.release(new Lease.Release(leaseId), caller, sourceIp);
    }

    /** One {@code use} operation on the secret (or transit key) at {@code path}; the answer is a {@link Use} record. */
    Object use(String vault, String path, String operation, Call call) {
        call.audit("use.operation", operation);
        return switch (operation) {
            case Use.ENCRYPT -> {
                TransitText text = call.body(TransitText.class);
                yield transit.encrypt(vault, path, new TransitKey.Encrypt(null, required(text), text.context()));
            }
            case Use.DECRYPT -> {
                TransitText text = call.body(TransitText.class);
                yield transit.decrypt(vault, path, new TransitKey.Decrypt(null, required(text).reveal(),
                        text.context()));
            }
            default -> use.use(vault, path, call.body(Use.Request.class), call);
        };
    }

    private static SecretText required(TransitText text) {
        if (text.data() == null) {
            throw ArcaException.invalid("data", text.operation() + " needs params.data: the text to encrypt, or the "
                    + "ciphertext encrypt answered");
        }
        return text.data();
    }
}
