package dev.arca.server.frontend.sikkerkey;

import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Credentials;
import dev.arca.server.pipeline.Exchange;
import dev.arca.server.pipeline.FrontDoor;
import dev.arca.server.route.Reply;
import java.util.Map;
import java.util.Optional;

/**
 * The SikkerKey door as the pipeline sees it: a caller proves itself with the four {@code X-*} signature headers in
 * the SikkerKey dialect ({@link Credentials.Signing#SIKKERKEY}: the signed path has no query, so a signed request
 * with a query string is refused, as the hosted service does), and every refusal is {@code {"error": "<message>"}}
 * with the status of its {@link dev.arca.api.ErrorCode}, which the clients map to their exception types.
 */
public final class SikkerKeyDoor implements FrontDoor {
    @Override
    public String name() {
        return "sikkerkey";
    }

    @Override
    public String noRouteHint() {
        return " on the SikkerKey door; its routes are listed in docs/API-compat.md";
    }

    @Override
    public Credentials credentials(Exchange exchange, byte[] body) {
        String target = exchange.rawTarget();
        int query = target.indexOf('?');
        if (query >= 0) {
            throw ArcaException.invalid("query", "signed routes of the SikkerKey door take no query string (the "
                    + "signature covers the path alone); send " + exchange.method() + " " + target.substring(0, query)
                    + " without '?…' and put any parameters in the JSON body");
        }
        // no bearer: only a machine's signature authenticates here
        return new Credentials(Optional.empty(), exchange.headers(), exchange.method(), target, body,
                exchange.sourceIp(), Credentials.Signing.SIKKERKEY);
    }

    @Override
    public Reply error(ArcaException error, String requestId) {
        String message = error.getMessage() == null ? error.code().wire() : error.getMessage();
        return SikkerKeyJson.reply(error.code().status(), Map.of("error", message));
    }
}
