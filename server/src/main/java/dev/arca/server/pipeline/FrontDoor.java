package dev.arca.server.pipeline;

import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Credentials;
import dev.arca.server.route.Reply;

/**
 * What makes one way into Arca different from another, as the {@link Pipeline} sees it: where the caller's
 * credentials are in a request, and how a refusal is written. The listener and the route table are the door's own
 * (DESIGN §3 "Front doors"); everything between them — limits, seal, authentication, authorization, audit, the
 * transaction — is the pipeline's, the same for every door.
 */
public interface FrontDoor {
    /** A short name for logs: {@code arca}, {@code sikkerkey}, … */
    String name();

    /** What the 404 for a request no route matches adds after "no route METHOD PATH": where the routes are described. */
    default String noRouteHint() {
        return "; the API is described at /v1/openapi.json";
    }

    /** The credentials the request carries, read the way this door's clients send them. */
    Credentials credentials(Exchange exchange, byte[] body);

    /** The answer to a refused request ({@code error}) in this door's error format. */
    Reply error(ArcaException error, String requestId);

    /**
     * The answer to a refused request that reached the pipeline, which may say more than {@link #error(ArcaException,
     * String)} from what the request addressed (ACME's {@code Link} to the directory it came through).
     */
    default Reply error(ArcaException error, String requestId, Exchange exchange) {
        return error(error, requestId);
    }
}
