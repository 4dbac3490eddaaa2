package dev.arca.server.frontend.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.server.frontend.acme.AccountStore.Account;
import dev.arca.server.frontend.acme.OrderStore.Authz;
import dev.arca.server.frontend.acme.OrderStore.Challenge;
import dev.arca.server.frontend.acme.OrderStore.Order;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The RFC 8555 JSON objects (§7.1.2–§7.1.5) of accounts, orders, authorizations and challenges. */
final class AcmeViews {
    private static final ObjectMapper JSON = Json.strict();

    private AcmeViews() {}

    static Map<String, Object> account(Account account, AcmeUrls urls) {
        var view = new LinkedHashMap<String, Object>();
        view.put("status", account.status());
        view.put("contact", account.contact());
        view.put("orders", urls.orders(account.id()));
        return view;
    }

    static Map<String, Object> order(Order order, List<Authz> authzs, AcmeUrls urls, Instant now) {
        var view = new LinkedHashMap<String, Object>();
        view.put("status", order.status(now));
        view.put("expires", order.expiresAt().toString());
        view.put("identifiers", order.identifiers().stream()
                .map(identifier -> Map.of("type", identifier.type(), "value", identifier.value())).toList());
        view.put("authorizations", authzs.stream().map(authz -> urls.authz(authz.id())).toList());
        view.put("finalize", urls.finalizeOrder(order.id()));
        if (order.serial() != null) {
            view.put("certificate", urls.certificate(order.id()));
        }
        putError(view, order.error());
        return view;
    }

    static Map<String, Object> authz(Authz authz, List<Challenge> challenges, AcmeUrls urls, Instant now) {
        var view = new LinkedHashMap<String, Object>();
        view.put("identifier", Map.of("type", authz.identifier().type(), "value", authz.identifier().value()));
        view.put("status", authz.status(now));
        view.put("expires", authz.expiresAt().toString());
        view.put("challenges", challenges.stream().map(challenge -> challenge(challenge, urls)).toList());
        if (authz.wildcard()) {
            view.put("wildcard", true);
        }
        return view;
    }

    static Map<String, Object> challenge(Challenge challenge, AcmeUrls urls) {
        var view = new LinkedHashMap<String, Object>();
        view.put("type", challenge.type());
        view.put("url", urls.challenge(challenge.authzId(), challenge.type()));
        view.put("token", challenge.token());
        view.put("status", challenge.status());
        if (challenge.validatedAt() != null) {
            view.put("validated", challenge.validatedAt().toString());
        }
        putError(view, challenge.error());
        return view;
    }

    /** A problem document as stored with an order or challenge (RFC 8555 §6.7). */
    static String problem(String type, @Nullable String detail) {
        try {
            return JSON.writeValueAsString(Map.of("type", AcmeDoor.ERROR_PREFIX + type, "detail",
                    detail == null ? type : detail,
                    "status", 403));
        } catch (IOException e) {
            throw new IllegalStateException("a problem of strings always serialises", e);
        }
    }

    private static void putError(Map<String, Object> view, @Nullable String error) {
        if (error == null) {
            return;
        }
        try {
            JsonNode node = JSON.readTree(error);
            view.put("error", node);
        } catch (IOException e) {
            throw new IllegalStateException("a stored ACME problem is JSON", e);
        }
    }
}
