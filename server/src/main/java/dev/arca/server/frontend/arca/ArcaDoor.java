package dev.arca.server.frontend.arca;

import dev.arca.api.ErrorBody;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Credentials;
import dev.arca.server.pipeline.Exchange;
import dev.arca.server.pipeline.FrontDoor;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Arca's own HTTP API (the one the SDK and the CLI speak): a token as {@code Authorization: Bearer} or
 * {@code X-Arca-Token} (or a machine's signature headers, which the authenticator reads from the same request),
 * errors as {@link ErrorBody}, and {@code GET /v1/openapi.json} describing every route of its table.
 */
public final class ArcaDoor implements FrontDoor {
    @Override
    public String name() {
        return "arca";
    }

    /** The door's route table: the features' routes plus the OpenAPI document that describes them. */
    public static List<Route> routeTable(List<Route> features) {
        var table = new ArrayList<>(features);
        table.add(OpenApiDocument.route(features));
        return List.copyOf(table);
    }

    @Override
    public Credentials credentials(Exchange exchange, byte[] body) {
        Map<String, String> headers = exchange.headers();
        return new Credentials(bearerToken(headers), headers, exchange.method(), exchange.rawTarget(), body,
                exchange.sourceIp());
    }

    @Override
    public Reply error(ArcaException error, String requestId) {
        var body = new ErrorBody(error.code().wire(), error.getMessage(), error.details(), requestId);
        return Reply.json(error.code().status(), new ErrorBody.Envelope(body));
    }

    private static Optional<String> bearerToken(Map<String, String> headers) {
        String header = headers.get("authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(header.substring(7).trim());
        }
        return Optional.ofNullable(headers.get("x-arca-token"));
    }
}
