package dev.arca.server.auth;

import dev.arca.api.Durations;
import dev.arca.api.ErrorCode;
import dev.arca.api.SecretText;
import dev.arca.api.Token;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Authenticator;
import dev.arca.server.identity.Credentials;
import dev.arca.server.identity.Principal;
import dev.arca.server.invalidation.Invalidations;
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
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Opaque bearer tokens ({@code arca_…}): made here, shown once, stored as SHA-256 digests. A token is looked up
 * by its digest, so no comparison ever touches the token's bytes one by one. A token issued to an identity (a
 * login, a client-credentials exchange, an agent session) authenticates as that identity.
 *
 * <p>Guarantees about a token made with {@link #create} (its creator's credential is its parent):
 * <ul>
 *   <li>its expiry and renewal ceiling never pass its parent's: they are capped when it is made, a renewal never
 *       passes the parent's current expiry, and a parent renewed to an earlier end pulls its descendants' ends
 *       in with it — so every token expires no later than all its ancestors, and checking its own row on each
 *       request is enough;</li>
 *   <li>revoking a token revokes its descendants; a token made by an identity (a user's login token, a client's
 *       access token or JWT, a signing machine, an agent session) is owned by that identity, so revoking it
 *       revokes the token, and the token is capped at the end of that identity's credential;</li>
 *   <li>it holds only policies attached to its creator's credential; policies bound to an identity's subject are
 *       not copied, the token acting as that identity keeps them only while the binding stands;</li>
 *   <li>an orphan (no parent, no owner, no cap) is made only when asked for explicitly, and the routes let only
 *       root and holders of {@code admin} on {@code _tokens} ask.</li>
 * </ul>
 */
public final class TokenService implements Authenticator {
    private static final Pattern POLICY_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final String PREFIX = "arca_";
    /** Without an explicit max TTL a token may be renewed up to this many times its TTL. */
    private static final int DEFAULT_MAX_TTL_FACTOR = 32;

    private final Database db;
    private final TokenStore store;
    private final Clock clock;
    private final Invalidations invalidations;

    /** With a change feed of its own: for tools and tests that run one service alone. */
    public TokenService(Database db, Clock clock) {
        this(db, clock, new Invalidations(db));
    }

    /** @param invalidations the node's change feed: revocations and renewals are published to it */
    public TokenService(Database db, Clock clock, Invalidations invalidations) {
        this.db = db;
        this.store = new TokenStore(db, invalidations, clock);
        this.clock = clock;
        this.invalidations = invalidations;
    }

    /** The change feed this service publishes to, for the services that make and disable identities. */
    public Invalidations invalidations() {
        return invalidations;
    }

    /** The root token of a fresh server: root policy, no expiry. */
    public Token.Created createRoot() {
        return issue((accessor, hash) -> new TokenStore.Row(accessor, hash, "root", List.of(Principal.ROOT_POLICY),
                null, null, null, null, false, null, clock.instant(), null, null, null));
    }

    /**
     * Where a new token hangs: its parent token (revoked with it), the identity it acts as (revoked with it) and
     * the ends it may not pass (null under a parent that never expires, such as root). All null for an orphan.
     */
    private record Lineage(@Nullable String parentAccessor, @Nullable String ownerKind, @Nullable String ownerId,
            @Nullable Instant expiresCap, @Nullable Instant maxExpiresCap) {
        static final Lineage ORPHAN = new Lineage(null, null, null, null, null);

        @Nullable Instant capExpiry(@Nullable Instant wanted) {
            return earlier(wanted, expiresCap);
        }

        @Nullable Instant capMax(@Nullable Instant wanted) {
            return earlier(wanted, maxExpiresCap);
        }
    }

    /** The earlier of two ends, null meaning "never". */
    private static @Nullable Instant earlier(@Nullable Instant a, @Nullable Instant b) {
        return a == null ? b : notAfter(a, b);
    }

    /** {@code wanted}, or {@code cap} when that is earlier; a null cap means "never". */
    private static Instant notAfter(Instant wanted, @Nullable Instant cap) {
        return cap == null || wanted.isBefore(cap) ? wanted : cap;
    }

    /**
     * A new token made by {@code parent}: the child of the parent's credential, or an orphan when
     * {@code orphan} (the route lets only root and {@code _tokens} administrators ask). It inherits the parent's
     * attached policies and vault unless narrower ones are asked; only root may name other policies or make a
     * token for another vault.
     */
    public Token.Created create(Principal parent, Token.Create request, @Nullable String vaultId) {
        Optional<Duration> ttl = duration("ttl", request.ttl());
        Optional<Duration> maxTtl = duration("max_ttl", request.maxTtl());
        String vault = vaultId != null ? vaultId : parent.vaultId();
        if (!parent.isRoot() && vaultId != null && !vaultId.equals(parent.vaultId())) {
            throw ArcaException.denied("a token can only make tokens for its own vault");
        }
        List<String> policies = policiesFor(parent, request, vault);
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
        Lineage lineage = Boolean.TRUE.equals(request.orphan()) ? Lineage.ORPHAN : lineageOf(parent);
        Instant now = clock.instant();
        Instant expiresAt = lineage.capExpiry(ttl.map(now::plus).orElse(null));
        Instant maxExpiresAt = lineage.capMax(maxTtl.or(() -> ttl.map(t -> t.multipliedBy(DEFAULT_MAX_TTL_FACTOR)))
                .map(now::plus).orElse(null));
        // a child that asked for no TTL gets what is left of its parent's, which is then what a renewal adds
        Long ttlSeconds = ttl.isPresent() ? Long.valueOf(ttl.get().toSeconds())
                : expiresAt == null ? null : Long.valueOf(Math.max(1, Duration.between(now, expiresAt).toSeconds()));
        return issue((accessor, hash) -> new TokenStore.Row(accessor, hash, name, policies, lineage.parentAccessor(),
                vault, lineage.ownerKind(), lineage.ownerId(), false, ttlSeconds, now, expiresAt, maxExpiresAt, null));
    }

    /**
     * The policies asked for, or by default the parent's attached ones (the global root policy never passes into a
     * vault); only root may name policies not attached to its own credential.
     */
    private static List<String> policiesFor(Principal parent, Token.Create request, @Nullable String vault) {
        List<String> policies = request.policies() == null || request.policies().isEmpty()
                ? parent.policies().stream().filter(p -> vault == null || !p.equals(Principal.ROOT_POLICY)).toList()
                : List.copyOf(request.policies());
        policies.forEach(TokenService::checkPolicyName);
        List<String> notHeld = policies.stream().filter(p -> !parent.policies().contains(p)).toList();
        if (!parent.isRoot() && !notHeld.isEmpty()) {
            throw ArcaException.denied(notHeldMessage(parent, notHeld));
        }
        if (policies.contains(Principal.ROOT_POLICY) && vault != null) {
            throw ArcaException.invalid("policies", "the root policy is global; a vault token cannot hold it");
        }
        return policies;
    }

    /**
     * A parent that came with a token passes on that token (read again and locked, so a renewal or revocation since
     * it authenticated, or under way, counts) and the identity it acts as; a signed parent (a machine, a client's JWT) passes on
     * itself and the end of its credential.
     */
    private Lineage lineageOf(Principal parent) {
        if (parent.tokenAccessor() == null) {
            return new Lineage(null, parent.kind().name(), parent.id(), parent.expiresAt(), parent.expiresAt());
        }
        TokenStore.Row token = store.lockedByAccessor(parent.tokenAccessor()).filter(this::isLive)
                .orElseThrow(() -> ArcaException.unauthenticated("the token is not valid (unknown, revoked or expired)"));
        return new Lineage(token.accessor(), token.ownerKind(), token.ownerId(), token.expiresAt(),
                token.maxExpiresAt() != null ? token.maxExpiresAt() : token.expiresAt());
    }

    private static String notHeldMessage(Principal parent, List<String> notHeld) {
        String message = "a token can only be given policies attached to its creator's credential " + parent.policies()
                + "; not attached: " + notHeld;
        return parent.kind() == Principal.Kind.TOKEN ? message : message + " (policies bound to " + parent.subject()
                + " are not copied: a token it makes acts as " + parent.subject() + " and has them while the binding"
                + " stands)";
    }

    /**
     * A token for an identity that has just proven itself (login, client credentials, agent challenge): it
     * authenticates as {@code owner}, expires after {@code ttl} and cannot be renewed past {@code maxTtl}.
     */
    public Token.Created issueFor(Principal owner, Duration ttl, Duration maxTtl) {
        Instant now = clock.instant();
        return issue((accessor, hash) -> new TokenStore.Row(accessor, hash, owner.displayName(), owner.policies(),
                null, owner.vaultId(), owner.kind().name(), owner.id(), owner.mfa(), ttl.toSeconds(), now,
                now.plus(ttl), now.plus(maxTtl), null));
    }

    /** Issues a fresh token; {@code rowOf} makes its row from the new accessor and the token's digest. */
    private Token.Created issue(BiFunction<String, String, TokenStore.Row> rowOf) {
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Ids.randomBytes(32));
        var row = rowOf.apply(Ids.newId("acc_"), digest(token));
        store.insert(row);
        return new Token.Created(SecretText.of(token), row.accessor(), row.policies(), row.expiresAt());
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
            return Principal.token(row.accessor(), row.displayName(), row.vaultId(), row.policies())
                    .expiringAt(row.expiresAt());
        }
        return new Principal(Principal.Kind.valueOf(row.ownerKind()), row.ownerId(), row.displayName(), row.vaultId(),
                row.policies(), row.mfa(), row.accessor(), row.expiresAt());
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
        lookupAccessor(accessor); // unknown, revoked or expired is 404
        store.revokeTree(accessor, clock.instant());
    }

    /**
     * Revokes every token issued to an identity of {@code vaultId} (called when a user, machine, client or agent
     * is revoked); names are unique per vault only, so the vault is part of the owner.
     */
    public void revokeOwnedBy(String vaultId, Principal.Kind kind, String ownerId) {
        store.revokeOwnedBy(vaultId, kind.name(), ownerId, clock.instant());
    }

    /**
     * Sets a token's expiry to now + {@code increment} (default: its TTL), never past its max TTL nor its parent's
     * current expiry — a renewal in the last second before the ceiling still ends at the ceiling. A shorter
     * increment brings the end closer, and its descendants' ends with it.
     */
    public Token renew(String accessor, @Nullable String increment) {
        // one transaction from reading the parent to writing the tree, the parent's row locked: a renewal of the
        // parent that shortens it cannot commit in between and leave this token ending after it
        return db.inTransaction(() -> {
            TokenStore.Row row = store.byAccessor(accessor).filter(this::isLive)
                    .orElseThrow(() -> ArcaException.notFound("no live token has accessor " + accessor));
            if (row.expiresAt() == null) {
                return view(row);
            }
            Duration by = duration("increment", increment).orElse(Duration.ofSeconds(
                    Objects.requireNonNull(row.ttlSeconds(), "a token that expires has a TTL")));
            Instant parentExpiry = row.parentAccessor() == null ? null
                    : store.lockedByAccessor(row.parentAccessor()).map(TokenStore.Row::expiresAt).orElse(null);
            Instant capped = notAfter(notAfter(clock.instant().plus(by), row.maxExpiresAt()), parentExpiry);
            store.setExpiryOfTree(row.accessor(), capped);
            return view(store.byAccessor(row.accessor()).orElseThrow());
        });
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

    private static Optional<Duration> duration(String field, @Nullable String text) {
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
