package dev.arca.server.client;

import dev.arca.api.Client;
import dev.arca.api.Page;
import dev.arca.api.SecretText;
import dev.arca.api.Token;
import dev.arca.api.Vault;
import dev.arca.server.auth.TokenService;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.DisabledIdentities;
import dev.arca.server.identity.Principal;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import dev.arca.server.storage.Paging;
import dev.arca.server.vaults.Names;
import dev.arca.server.vaults.VaultService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * OAuth clients of a vault: created with a client secret (shown once, stored as its SHA-256 digest) and an
 * optional ES256 public key; revoking one revokes every token issued to it, disabling one refuses its secret, its
 * JWTs and its tokens until it is enabled (see {@link DisabledIdentities}). Checks client secrets in constant time,
 * spending the same work whether or not the client exists.
 */
public final class ClientService {
    /** Lifetime (and renewal ceiling) of an access token from {@code POST /v1/auth/token}. */
    public static final Duration ACCESS_TOKEN_TTL = Duration.ofHours(1);
    static final String ID_PREFIX = "cli_";
    private static final String SECRET_PREFIX = "arcas_";
    /** Compared against when the client is unknown, so that case costs what a wrong secret costs. */
    private static final byte[] NO_CLIENT_DIGEST = sha256(Base64.getEncoder().encodeToString(Ids.randomBytes(32)));

    private final ClientStore store;
    private final VaultService vaults;
    private final TokenService tokens;
    private final Clock clock;
    private final ClientAssertions assertions;
    private final DisabledIdentities disabled;

    public ClientService(Database db, VaultService vaults, TokenService tokens, Clock clock) {
        this.store = new ClientStore(db);
        this.vaults = vaults;
        this.tokens = tokens;
        this.clock = clock;
        this.assertions = new ClientAssertions(store, clock);
        this.disabled = new DisabledIdentities(db, clock, tokens.invalidations());
    }

    public Client.Created create(String vaultRef, Client.Create request) {
        Vault vault = vaults.resolve(vaultRef);
        String name = Names.check("name", request.name());
        String pem = null;
        if (request.publicKeyPem() != null) {
            try {
                pem = Es256Keys.pem(Es256Keys.parse(request.publicKeyPem()));
            } catch (IllegalArgumentException e) {
                throw ArcaException.invalid("public_key_pem", e.getMessage());
            }
        }
        String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Ids.randomBytes(32));
        var row = new ClientStore.Row(Ids.newId(ID_PREFIX), vault.id(), name,
                HexFormat.of().formatHex(sha256(secret)), pem, clock.instant(), null, null);
        store.insert(row);
        return new Client.Created(row.clientId(), SecretText.of(secret), name, vault.id());
    }

    /** Clients of a vault (revoked ones included), in id order, {@code limit} per page. */
    public Page<Client> list(String vaultRef, Paging.Query query) {
        Vault vault = vaults.resolve(vaultRef);
        var paging = Paging.of(query, id -> id.startsWith(ID_PREFIX) && id.length() <= 64);
        Page<ClientStore.Row> page = paging.page(store.list(vault.id(), paging.after(), paging.size() + 1),
                ClientStore.Row::clientId);
        return new Page<>(page.data().stream().map(ClientStore.Row::view).toList(), page.hasMore(), page.cursor());
    }

    /** Revokes the client and every token issued to it; revoking a revoked client changes nothing. */
    public Client revoke(String vaultRef, String clientId) {
        Vault vault = vaults.resolve(vaultRef);
        ClientStore.Row row = existing(vault, clientId);
        if (row.live()) {
            store.revoke(row.clientId(), clock.instant());
            tokens.revokeOwnedBy(vault.id(), Principal.Kind.CLIENT, row.clientId());
        }
        return store.byId(row.clientId()).orElseThrow().view();
    }

    /**
     * Disables a client (its secret, JWTs and tokens are refused at once) or enables it again; 409 for a revoked
     * client, which stays revoked.
     */
    public Client setDisabled(String vaultRef, String clientId, boolean disable) {
        Vault vault = vaults.resolve(vaultRef);
        ClientStore.Row row = existing(vault, clientId);
        if (!row.live()) {
            throw ArcaException.conflict("client '" + clientId + "' is revoked; a revoked client cannot be enabled "
                    + "or disabled (create a new one)");
        }
        if (disable) {
            disabled.disable(vault.id(), Principal.Kind.CLIENT, clientId);
        } else {
            disabled.enable(vault.id(), Principal.Kind.CLIENT, clientId);
        }
        return store.byId(clientId).orElseThrow().view();
    }

    private ClientStore.Row existing(Vault vault, String clientId) {
        return store.byId(clientId).filter(r -> r.vaultId().equals(vault.id()))
                .orElseThrow(() -> ArcaException.notFound("no client '" + clientId + "' in vault '" + vault.name()
                        + "'"));
    }

    /** The live client with this id and secret; empty otherwise, after the same work in every case. */
    Optional<ClientStore.Row> authenticate(String clientId, String secret) {
        ClientStore.Row row = clientId.length() > 64 ? null : store.byId(clientId).orElse(null);
        byte[] expected = row == null ? NO_CLIENT_DIGEST : HexFormat.of().parseHex(row.secretHash());
        boolean matches = MessageDigest.isEqual(sha256(secret), expected);
        return matches && row != null && row.live() ? Optional.of(row) : Optional.empty();
    }

    ClientAssertions assertions() {
        return assertions;
    }

    /** Whether the client's vault accepts requests from {@code sourceIp} (its IP allowlist). */
    boolean allowedFrom(ClientStore.Row client, String sourceIp) {
        return vaults.allows(client.vaultId(), sourceIp);
    }

    /** An access token for a client that has just authenticated. */
    Token.Created issue(ClientStore.Row client) {
        return tokens.issueFor(principal(client), ACCESS_TOKEN_TTL, ACCESS_TOKEN_TTL);
    }

    static Principal principal(ClientStore.Row client) {
        return Principal.signed(Principal.Kind.CLIENT, client.clientId(), client.name(), client.vaultId());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
