package dev.arca.server.frontend.sanctum;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.arca.api.SecretText;
import dev.arca.server.storage.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The door's sessions, in memory: SanctumAI's {@code session_id} is the door's own opaque id, mapped first to the
 * agent's pending challenge and then to the Arca session token the challenge was exchanged for. The token is what
 * authenticates every later call, so expiry and revocation are the token's, decided by the pipeline.
 *
 * <p>An established session is kept {@link #GRACE} past its token's expiry, so that a call made just after it still
 * finds its token and is told {@code SESSION_EXPIRED} by the pipeline rather than that the id is unknown. Sessions
 * live <em>per node</em> and do not survive a restart; a client then authenticates again, as after an expiry.
 */
final class SanctumSessions {
    /** How long a pending challenge waits for its answer: AgentService's challenges live 60 s. */
    static final Duration CHALLENGE_WAIT = Duration.ofSeconds(60);
    private static final Duration GRACE = Duration.ofHours(1);
    private static final int MAX_SESSIONS = 100_000;

    /** A session, in one of its two states. */
    sealed interface Session {
        /** The agent as the client named it ({@code AGENT} or {@code VAULT/AGENT}). */
        String agent();
    }

    /** A challenge handed out and not yet answered; {@code vaultId} is where the agent was looked for. */
    record Pending(String agent, String vaultId, String challengeId) implements Session {}

    /** An authenticated session: the agent's Arca session token, valid until {@code expiresAt}. */
    record Established(String agent, String vaultId, SecretText token, Instant expiresAt) implements Session {}

    private final Clock clock;
    private final Cache<String, Session> sessions;

    SanctumSessions(Clock clock) {
        this.clock = clock;
        this.sessions = Caffeine.newBuilder().maximumSize(MAX_SESSIONS).expireAfter(new Lifetime()).build();
    }

    /** A new session waiting for the answer to its challenge; its id. */
    String open(Pending pending) {
        String id = Ids.newId("sess_");
        sessions.put(id, pending);
        return id;
    }

    Optional<Session> find(String id) {
        return Optional.ofNullable(sessions.getIfPresent(id));
    }

    void establish(String id, Established established) {
        sessions.put(id, established);
    }

    void forget(String id) {
        sessions.invalidate(id);
    }

    /** Pending sessions wait for their challenge; established ones last as their token does, and a grace after. */
    private final class Lifetime implements Expiry<String, Session> {
        @Override
        public long expireAfterCreate(String id, Session session, long now) {
            return switch (session) {
                case Pending p -> CHALLENGE_WAIT.toNanos();
                case Established e -> Math.max(0, Duration.between(clock.instant(), e.expiresAt()).plus(GRACE)
                        .toNanos());
            };
        }

        @Override
        public long expireAfterUpdate(String id, Session session, long now, long currentDuration) {
            return expireAfterCreate(id, session, now);
        }

        @Override
        public long expireAfterRead(String id, Session session, long now, long currentDuration) {
            return currentDuration;
        }
    }
}
