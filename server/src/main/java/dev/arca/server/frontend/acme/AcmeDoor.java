package dev.arca.server.frontend.acme;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Credentials;
import dev.arca.server.pipeline.Exchange;
import dev.arca.server.pipeline.FrontDoor;
import dev.arca.server.route.Reply;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACME door (RFC 8555): its routes are all anonymous to the pipeline — the caller proves itself with a JWS the
 * protocol layer ({@link JwsVerifier}) checks — and every refusal is an RFC 7807 problem document
 * ({@code application/problem+json}, {@code urn:ietf:params:acme:error:<type>}) carrying a fresh
 * {@code Replay-Nonce} and a {@code Link} to its directory, so a client can retry at once (§6.5: a {@code badNonce}
 * answer must carry a new nonce).
 */
public final class AcmeDoor implements FrontDoor {
    static final String PROBLEM = "application/problem+json";
    static final String ERROR_PREFIX = "urn:ietf:params:acme:error:";
    private static final Logger LOG = LoggerFactory.getLogger(AcmeDoor.class);
    private static final ObjectMapper JSON = Json.strict();

    private final Nonces nonces;
    private final boolean tls;

    AcmeDoor(Nonces nonces, boolean tls) {
        this.nonces = nonces;
        this.tls = tls;
    }

    @Override
    public String name() {
        return "acme";
    }

    /** No route of this door is authenticated by the pipeline: there is nothing to read. */
    @Override
    public Credentials credentials(Exchange exchange, byte[] body) {
        return new Credentials(Optional.empty(), Map.of(), exchange.method(), exchange.rawTarget(), body,
                exchange.sourceIp());
    }

    @Override
    public Reply error(ArcaException error, String requestId) {
        return problem(error);
    }

    @Override
    public Reply error(ArcaException error, String requestId, Exchange exchange) {
        Reply reply = problem(error);
        try {
            reply = reply.withHeader("Replay-Nonce", nonces.mint());
        } catch (RuntimeException storageDown) {
            LOG.debug("no nonce for an ACME refusal: the storage is unavailable");
        }
        String directory = directoryOf(exchange);
        return directory == null ? reply : reply.withHeader("Link", "<" + directory + ">;rel=\"index\"");
    }

    /** The directory URL of the ACME path a request addressed, or null when it addressed none. */
    private @Nullable String directoryOf(Exchange exchange) {
        int acme = exchange.path().indexOf("/acme/");
        Optional<String> host = exchange.header("host");
        if (acme < 0 || host.isEmpty()) {
            return null;
        }
        return AcmeUrls.origin(tls, host.get()) + exchange.path().substring(0, acme) + "/acme/directory";
    }

    private static Reply problem(ArcaException error) {
        String type;
        int status;
        if (error instanceof AcmeProblem problem) {
            type = problem.type();
            status = problem.status();
        } else {
            status = error.code().status();
            type = switch (error.code()) {
                case UNAUTHENTICATED, ACCESS_DENIED -> "unauthorized";
                case RATE_LIMITED -> "rateLimited";
                case INVALID_REQUEST, NOT_FOUND, CONFLICT, PAYLOAD_TOO_LARGE, METHOD_NOT_ALLOWED -> "malformed";
                default -> "serverInternal";
            };
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("type", ERROR_PREFIX + type);
        body.put("detail", error.getMessage() == null ? type : error.getMessage());
        body.put("status", status);
        if (error instanceof AcmeProblem problem && !problem.algorithms().isEmpty()) {
            body.put("algorithms", problem.algorithms());
        }
        try {
            return Reply.bytes(status, JSON.writeValueAsBytes(body), PROBLEM);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem document of strings always serialises", e);
        }
    }
}
