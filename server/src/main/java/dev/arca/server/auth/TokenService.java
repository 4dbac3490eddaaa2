package dev.arca.server.auth;

import dev.arca.api.Durations;
import dev.arca.api.Token;
import dev.arca.server.http.ArcaException;
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
import java.util.regex.Pattern;

/**
 * Opaque bearer tokens ({@code arca_…}): made here, shown once, stored as SHA-256 digests. A token is
 * looked up by its digest, so the comparison never touches the token's bytes one by one.
 */
public final class TokenService {
    private static final Pattern POLICY_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final String PREFIX = "arca_";

    private final TokenStore store;
    private final Clock clock;

    public TokenService(Database db, Clock clock) {
        this.store = new TokenStore(db);
        this.clock = clock;
    }

    /** The root token of a fresh server: root policy, no expiry. */
    public Token.Created createRoot() {
        return issue("root", List.of(Principal.ROOT_POLICY), null, null);
    }

    /** A new token made by {@code parent}; it inherits the parent's policies unless narrower ones are asked. */
    public Token.Created create(Principal parent, Token.Create request) {
        Duration ttl = null;
        if (request.ttl() != null && !request.ttl().isBlank()) {
            try {
                ttl = Durations.parse(request.ttl());
            } catch (IllegalArgumentException e) {
                throw ArcaException.invalid("ttl", e.getMessage());
            }
        }
        List<String> policies = request.policies() == null || request.policies().isEmpty() ? parent.policies()
                : List.copyOf(request.policies());
        for (String policy : policies) {
            if (!POLICY_NAME.matcher(policy).matches()) {
                throw ArcaException.invalid("policies", "policy name '" + policy
                        + "' must be 1-64 characters of a-z, 0-9, '_' and '-', starting with a letter or digit");
            }
        }
        if (!parent.isRoot() && !parent.policies().containsAll(policies)) {
            throw ArcaException.denied("a token can only be given policies its creator holds: " + parent.policies());
        }
        String name = request.displayName() == null || request.displayName().isBlank() ? "token"
                : request.displayName().strip();
        if (name.length() > 128 || name.chars().anyMatch(Character::isISOControl)) {
            throw ArcaException.invalid("display_name", "display_name must be at most 128 printable characters");
        }
        Instant expires = ttl == null ? null : clock.instant().plus(ttl);
        return issue(name, policies, parent.id(), expires);
    }

    private Token.Created issue(String displayName, List<String> policies, String parentAccessor, Instant expires) {
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Ids.randomBytes(32));
        String accessor = Ids.newId("acc_");
        store.insert(new TokenStore.Row(accessor, digest(token), displayName, policies, parentAccessor,
                clock.instant(), expires, null));
        return new Token.Created(token, accessor, policies, expires);
    }

    /** The principal behind a token, or 401 without saying whether it was unknown, revoked or expired. */
    public Principal authenticate(String token) {
        TokenStore.Row row = live(token);
        return new Principal(Principal.Kind.TOKEN, row.accessor(), row.displayName(), row.policies());
    }

    public Token lookup(String token) {
        return view(existing(token));
    }

    public Token lookupAccessor(String accessor) {
        return view(store.byAccessor(accessor).filter(this::isLive)
                .orElseThrow(() -> ArcaException.notFound("no live token has accessor " + accessor)));
    }

    public void revoke(String token) {
        store.revokeTree(existing(token).accessor(), clock.instant());
    }

    public void revokeAccessor(String accessor) {
        store.revokeTree(lookupAccessor(accessor).accessor(), clock.instant());
    }

    private TokenStore.Row live(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 128) {
            throw ArcaException.unauthenticated("missing or malformed token: send 'Authorization: Bearer arca_…'");
        }
        return store.byHash(digest(token)).filter(this::isLive).orElseThrow(
                () -> ArcaException.unauthenticated("the token is not valid (unknown, revoked or expired)"));
    }

    /** A token named in a request body (not the caller's): unknown is 404, not 401. */
    private TokenStore.Row existing(String token) {
        return store.byHash(digest(token)).filter(this::isLive)
                .orElseThrow(() -> ArcaException.notFound("no live token matches the one given"));
    }

    private boolean isLive(TokenStore.Row row) {
        return row.revokedAt() == null && (row.expiresAt() == null || row.expiresAt().isAfter(clock.instant()));
    }

    private static Token view(TokenStore.Row row) {
        return new Token(row.accessor(), row.displayName(), row.policies(), row.createdAt(), row.expiresAt());
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
