package dev.arca.server.frontend.sanctum;

import dev.arca.api.ErrorCode;
import dev.arca.api.SecretText;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Credentials;
import dev.arca.server.pipeline.Exchange;
import dev.arca.server.pipeline.FrontDoor;
import dev.arca.server.route.Reply;
import java.util.Map;
import java.util.Optional;

/**
 * The SanctumAI door as the pipeline sees it: the caller's credential is the Arca session token its door session
 * stands for ({@link FrameExchange#bearer}), and a refusal is a {@link SanctumError}.
 */
public final class SanctumDoor implements FrontDoor {
    @Override
    public String name() {
        return "sanctum";
    }

    @Override
    public Credentials credentials(Exchange exchange, byte[] body) {
        Optional<String> bearer = exchange instanceof FrameExchange frame ? frame.bearer().map(SecretText::reveal)
                : Optional.empty();
        return new Credentials(bearer, Map.of(), exchange.method(), exchange.rawTarget(), body, exchange.sourceIp());
    }

    @Override
    public Reply error(ArcaException error, String requestId) {
        return Reply.json(error.code().status(), SanctumError.of(error, requestId));
    }

    /**
     * A token refused on a call that carried one is a session that ended: revoked with its agent (expired ones the
     * pipeline already calls {@code session_expired}). The client must authenticate again either way.
     */
    @Override
    public Reply error(ArcaException error, String requestId, Exchange exchange) {
        boolean hadSession = exchange instanceof FrameExchange frame && frame.bearer().isPresent();
        if (hadSession && error.code() == ErrorCode.UNAUTHENTICATED) {
            return error(new ArcaException(ErrorCode.SESSION_EXPIRED, "the session is no longer valid (expired, or "
                    + "its agent was revoked)"), requestId);
        }
        return error(error, requestId);
    }
}
