package dev.arca.server.acme;

import dev.arca.api.Acme;
import dev.arca.api.Page;
import dev.arca.api.SecretText;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Ids;
import dev.arca.server.storage.Paging;
import dev.arca.server.storage.Database;
import dev.arca.server.vaults.VaultService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The DNS providers of {@code dns-01} ({@code …/acme/dns/{name}}): {@code rfc2136} (a TSIG-signed dynamic update;
 * the secret in key material) or {@code hook} (the configured {@code acme_dns_hook}, refused when none is).
 */
final class DnsProviderService {
    static final String RFC2136 = "rfc2136";
    static final String HOOK = "hook";
    private static final Set<String> ALGORITHMS = Set.of("hmac-sha256", "hmac-sha512", "hmac-sha1");

    private final Database db;
    private final VaultService vaults;
    private final DnsProviderStore store;
    private final AcmeKeys keys;
    private final Optional<Path> hook;
    private final Clock clock;

    DnsProviderService(Database db, VaultService vaults, AcmeKeys keys, Optional<Path> hook, Clock clock) {
        this.db = db;
        this.vaults = vaults;
        this.store = new DnsProviderStore(db);
        this.keys = keys;
        this.hook = hook;
        this.clock = clock;
    }

    Acme.DnsProvider put(String vaultRef, String name, Acme.DnsProviderWrite write, String by) {
        String vaultId = vaults.idOf(vaultRef);
        AccountService.requireName(name);
        Optional<DnsProviderStore.Row> existing = store.byName(vaultId, name);
        String id = existing.map(DnsProviderStore.Row::id).orElseGet(() -> Ids.newId("acmedns_"));
        String type = write.type() == null ? "" : write.type().toLowerCase(Locale.ROOT);
        DnsProviderStore.Row row = switch (type) {
            case HOOK -> {
                if (hook.isEmpty()) {
                    throw ArcaException.invalid("type", "a hook DNS provider runs the command the server's "
                            + "acme_dns_hook setting names, and this server has none; set acme_dns_hook or use "
                            + "rfc2136");
                }
                yield new DnsProviderStore.Row(id, vaultId, name, HOOK, null, null, null, null);
            }
            case RFC2136 -> rfc2136(id, vaultId, name, write, existing.isPresent(), by);
            default -> throw ArcaException.invalid("type", "type is rfc2136 or hook");
        };
        store.put(row, clock.instant());
        if (HOOK.equals(type)) {
            keys.delete(vaultId, AcmeKeys.dns(name));
        }
        return row.wire();
    }

    private DnsProviderStore.Row rfc2136(String id, String vaultId, String name, Acme.DnsProviderWrite write,
            boolean exists, String by) {
        String server = required(write.server(), "server", "server is the primary's host:port, e.g. 192.0.2.1:53");
        if (!server.matches("[A-Za-z0-9.:\\[\\]-]+(:[0-9]{1,5})?")) {
            throw ArcaException.invalid("server", "server is host:port, e.g. 192.0.2.1:53");
        }
        String keyName = required(write.tsigKeyName(), "tsig_key_name", "tsig_key_name is the TSIG key's name");
        String algorithm = write.tsigAlgorithm() == null ? "hmac-sha256"
                : write.tsigAlgorithm().toLowerCase(Locale.ROOT);
        if (!ALGORITHMS.contains(algorithm)) {
            throw ArcaException.invalid("tsig_algorithm", "tsig_algorithm is hmac-sha256 (default), hmac-sha512 or "
                    + "hmac-sha1");
        }
        String secret = SecretText.revealOrNull(write.tsigSecret());
        if (secret != null) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(secret.strip());
            } catch (IllegalArgumentException e) {
                throw ArcaException.invalid("tsig_secret", "tsig_secret must be base64, as tsig-keygen prints it");
            }
            if (key.length < 16) {
                throw ArcaException.invalid("tsig_secret", "tsig_secret must be at least 16 bytes");
            }
            keys.put(vaultId, id, AcmeKeys.dns(name), key, by);
        } else if (!exists || keys.open(vaultId, AcmeKeys.dns(name)).isEmpty()) {
            throw ArcaException.invalid("tsig_secret", "tsig_secret (base64, as tsig-keygen prints it) is required");
        }
        String zone = write.zone() == null || write.zone().isBlank() ? null : write.zone();
        return new DnsProviderStore.Row(id, vaultId, name, RFC2136, server, zone, keyName, algorithm);
    }

    Acme.DnsProvider get(String vaultRef, String name) {
        return row(vaults.idOf(vaultRef), name).wire();
    }

    Page<Acme.DnsProvider> list(String vaultRef, Paging.Query query) {
        Paging paging = Paging.of(query, AccountService.NAME.asPredicate());
        return paging.page(store.page(vaults.idOf(vaultRef), paging).stream().map(DnsProviderStore.Row::wire)
                .toList(), Acme.DnsProvider::name);
    }

    void delete(String vaultRef, String name) {
        DnsProviderStore.Row row = row(vaults.idOf(vaultRef), name);
        db.inTransaction(() -> {
            store.delete(row.id());
            keys.delete(row.vaultId(), AcmeKeys.dns(name));
            return null;
        });
    }

    /** 404 naming the provider when the vault has none of that name. */
    DnsProviderStore.Row row(String vaultId, String name) {
        return store.byName(vaultId, name).orElseThrow(() -> ArcaException.notFound("no ACME DNS provider '" + name
                + "' in this vault; create it with PUT …/acme/dns/" + name));
    }

    boolean exists(String vaultId, @Nullable String name) {
        return name != null && store.byName(vaultId, name).isPresent();
    }

    /** The records of provider {@code name}, ready to present and clean up. */
    DnsRecords records(String vaultId, String name) {
        DnsProviderStore.Row row = row(vaultId, name);
        if (HOOK.equals(row.type())) {
            return new HookDnsProvider(hook.orElseThrow(() -> new IllegalStateException("acme_dns_hook is no longer "
                    + "set; DNS provider " + name + " cannot run")));
        }
        byte[] secret = keys.open(vaultId, AcmeKeys.dns(name))
                .orElseThrow(() -> new IllegalStateException("DNS provider " + name + " has no TSIG secret"));
        return new Rfc2136DnsProvider(Objects.requireNonNull(row.server()), row.zone(),
                Objects.requireNonNull(row.tsigKeyName()), Objects.requireNonNull(row.tsigAlgorithm()), secret);
    }

    private static String required(@Nullable String value, String field, String message) {
        if (value == null || value.isBlank()) {
            throw ArcaException.invalid(field, message);
        }
        return value.strip();
    }
}
