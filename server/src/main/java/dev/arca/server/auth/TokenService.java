package dev.arca.server.auth;

import dev.arca.api.Durations;
import dev.arca.api.Token;
import dev.arca.server.http.ArcaException;
import dev.arca.server.http.ErrorCode;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Opaque bearer tokens ({@code arca_…}): made here, shown once, stored as SHA-256 digests. A token is looked up
 * by its digest, so no comparison ever touches the token's bytes one by one. A token issued to an identity (a
 * login, a client-credentials exchange, an agent session) authenticates as that identity.
 */
public final class TokenService implements Authenticator {
    private static final Pattern POLICY_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final String PREFIX = "arca_";
    /** Without an explicit max TTL a token may be renewed up to this many times its TTL. */
    private static final int DEFAULT_MAX_TTL_FACTOR = 32;

    private final TokenStore store;
    private final Clock clock;

    public TokenService(Database db, Clock clock) {
        this.store = new TokenStore(db);
        this.clock = clock;
    }

    /** The root token of a fresh server: root policy, no expiry. */
    public Token.Created createRoot() {
        return issue(new TokenStore.Row(null, null, "root", List.of(Principal.ROOT_POLICY), null, null, null, null,
                false, null, clock.instant(), null, null, null));
    }

    /**
     * A new token made by {@code parent}: it inherits the parent's policies and vault unless narrower ones are
     * asked; only root may name other policies or make a token for another vault.
     */
    public Token.Created create(Principal parent, Token.Create request, String vaultId) {
        Optional<Duration> ttl = duration("ttl", request.ttl());
        Optional<Duration> maxTtl = duration("max_ttl", request.maxTtl());
        String vault = vaultId != null ? vaultId : parent.vaultId();
        // by default a child inherits its parent's policies; the global root policy never passes into a vault
        List<String> policies = request.policies() == null || request.policies().isEmpty()
                ? parent.policies().stream().filter(p -> vault == null || !p.equals(Principal.ROOT_POLICY)).toList()
                : List.copyOf(request.policies());
        policies.forEach(TokenService::checkPolicyName);
        if (!parent.isRoot()) {
            if (!parent.policies().containsAll(policies)) {
                throw ArcaException.denied("a token can only be given policies its creator holds: " + parent.policies());
            }
            if (vaultId != null && !vaultId.equals(parent.vaultId())) {
                throw ArcaException.denied("a token can only make tokens for its own vault");
            }
        }
        if (policies.contains(Principal.ROOT_POLICY) && vault != null) {
            throw ArcaException.invalid("policies", "the root policy is global; a vault token cannot hold it");
        }
        String name = request.displayName() == null || request.displayName().isBlank() ? "token"
                : request.displayName().strip();
        if (name.length() > 128 || name.chars().anyMatch(Character::isISOControl)) {
            throw ArcaException.invalid("display_name", "display_name must be at most 128 printable characters");
        }
        if (maxTtl.isPresent() && ttl.isEmpty()) {
            throw ArcaException.invalid("max_ttl", "max_ttl needs a ttl");
        }
        if (ttl.isPresent() && maxTtl.isPresent() && maxTtl.get().compareTo(ttl.get()) < 0) {
            throw ArcaException.invalid("max_ttl", "max_ttl must be at least the ttl");
        }
        return issueWithTtl(name, policies, parent.id(), vault, null, false, ttl.orElse(null),
                maxTtl.orElse(ttl.map(t -> t.multipliedBy(DEFAULT_MAX_TTL_FACTOR)).orElse(null)));
    }

    /**
     * A token for an identity that has just proven itself (login, client credentials, agent challenge): it
     * authenticates as {@code owner}, expires after {@code ttl} and cannot be renewed past {@code maxTtl}.
     */
    public Token.Created issueFor(Principal owner, Duration ttl, Duration maxTtl) {
        return issueWithTtl(owner.displayName(), owner.policies(), null, owner.vaultId(), owner, owner.mfa(), ttl,
                maxTtl);
    }

    private Token.Created issueWithTtl(String name, List<String> policies, String parent, String vaultId,
            Principal owner, boolean mfa, Duration ttl, Duration maxTtl) {
        Instant now = clock.instant();
        return issue(new TokenStore.Row(null, null, name, policies, parent, vaultId,
                owner == null ? null : owner.kind().name(), owner == null ? null : owner.id(), mfa,
                ttl == null ? null : ttl.toSeconds(), now, ttl == null ? null : now.plus(ttl),
                maxTtl == null ? null : now.plus(maxTtl), null));
    }

    private Token.Created issue(TokenStore.Row template) {
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Ids.randomBytes(32));
        var row = new TokenStore.Row(Ids.newId("acc_"), digest(token), template.displayName(), template.policies(),
                template.parentAccessor(), template.vaultId(), template.ownerKind(), template.ownerId(),
                template.mfa(), template.ttlSeconds(), template.createdAt(), template.expiresAt(),
                template.maxExpiresAt(), null);
        store.insert(row);
        return new Token.Created(token, row.accessor(), row.policies(), row.expiresAt());
    }

    /** {@code arca_…} bearer tokens; other bearer values (JWTs) are left to their own authenticator. */
    @Override
    public Optional<Principal> authenticate(Credentials credentials) {
        return credentials.bearer().filter(b -> b.startsWith(PREFIX)).map(this::authenticate);
    }

    /** The principal behind a token, or 401 without saying whether it was unknown, revoked or expired. */
    public Principal authenticate(String token) {
        TokenStore.Row row = token.length() > 128 ? null : store.byHash(digest(token)).orElse(null);
        if (row == null || row.revokedAt() != null) {
            throw ArcaException.unauthenticated("the token is not valid (unknown, revoked or expired)");
        }
        if (!isLive(row)) {
            if (Principal.Kind.AGENT.name().equals(row.ownerKind())) {
                throw new ArcaException(ErrorCode.SESSION_EXPIRED,
                        "the agent session has expired; start a new one with the agent's key");
            }
            throw ArcaException.unauthenticated("the token is not valid (unknown, revoked or expired)");
        }
        if (row.ownerKind() == null) {
            return Principal.token(row.accessor(), row.displayName(), row.vaultId(), row.policies());
        }
        return new Principal(Principal.Kind.valueOf(row.ownerKind()), row.ownerId(), row.displayName(), row.vaultId(),
                row.policies(), row.mfa(), row.accessor());
    }

    public Token lookupAccessor(String accessor) {
        return view(store.byAccessor(accessor).filter(this::isLive)
                .orElseThrow(() -> ArcaException.notFound("no live token has accessor " + accessor)));
    }

    public Token lookup(String token) {
        return view(existing(token));
    }

    public void revoke(String token) {
        store.revokeTree(existing(token).accessor(), clock.instant());
    }

    public void revokeAccessor(String accessor) {
        store.revokeTree(lookupAccessor(accessor).accessor(), clock.instant());
    }

    /**
     * Revokes every token issued to an identity of {@code vaultId} (called when a user, machine, client or agent
     * is revoked); names are unique per vault only, so the vault is part of the owner.
     */
    public void revokeOwnedBy(String vaultId, Principal.Kind kind, String ownerId) {
        store.revokeOwnedBy(vaultId, kind.name(), ownerId, clock.instant());
    }

    /**
     * Extends a token by {@code increment} (default: its TTL), never past its max TTL — a renewal in the last
     * second before the ceiling still ends at the ceiling.
     */
    public Token renew(String accessor, String increment) {
        TokenStore.Row row = store.byAccessor(accessor).filter(this::isLive)
                .orElseThrow(() -> ArcaException.notFound("no live token has accessor " + accessor));
        if (row.expiresAt() == null) {
            return view(row);
        }
        Duration by = duration("increment", increment).orElse(Duration.ofSeconds(row.ttlSeconds()));
        Instant wanted = clock.instant().plus(by);
        Instant capped = row.maxExpiresAt() != null && wanted.isAfter(row.maxExpiresAt()) ? row.maxExpiresAt() : wanted;
        store.setExpiry(row.accessor(), capped);
        return view(store.byAccessor(row.accessor()).orElseThrow());
    }

    /** A token named in a request body (not necessarily the caller's): unknown is 404, not 401. */
    private TokenStore.Row existing(String token) {
        return (token == null || token.length() > 128 ? Optional.<TokenStore.Row>empty() : store.byHash(digest(token)))
                .filter(this::isLive)
                .orElseThrow(() -> ArcaException.notFound("no live token matches the one given"));
    }

    private boolean isLive(TokenStore.Row row) {
        return row.revokedAt() == null && (row.expiresAt() == null || row.expiresAt().isAfter(clock.instant()));
    }

    private static Token view(TokenStore.Row row) {
        String owner = row.ownerKind() == null ? null
                : row.ownerKind().toLowerCase(Locale.ROOT) + ":" + row.ownerId();
        return new Token(row.accessor(), row.displayName(), row.policies(), row.vaultId(), owner, row.createdAt(),
                row.expiresAt(), row.maxExpiresAt());
    }

    private static Optional<Duration> duration(String field, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Durations.parse(text));
        } catch (IllegalArgumentException e) {
            throw ArcaException.invalid(field, field + ": " + e.getMessage());
        }
    }

    private static void checkPolicyName(String policy) {
        if (!POLICY_NAME.matcher(policy).matches()) {
            throw ArcaException.invalid("policies", "policy name '" + policy
                    + "' must be 1-64 characters of a-z, 0-9, '_' and '-', starting with a letter or digit");
        }
    }

    static String digest(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
