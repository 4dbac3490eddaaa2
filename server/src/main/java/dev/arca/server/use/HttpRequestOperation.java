package dev.arca.server.use;

import dev.arca.api.Durations;
import dev.arca.api.Secret;
import dev.arca.api.Use;
import dev.arca.server.error.ArcaException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * {@code http_request}: the vault calls the upstream with the secret injected as a header and answers what came
 * back, the secret redacted. In order: the request is checked (400), the secret's egress must allow the method and
 * the normalised URL (403), then the client's resolver refuses non-public addresses the rule does not name (403);
 * redirects are answered, never followed.
 */
final class HttpRequestOperation {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

    private final EgressService egress;
    private final UpstreamClient upstream;

    HttpRequestOperation(EgressService egress, UpstreamClient upstream) {
        this.egress = egress;
        this.upstream = upstream;
    }

    Use.HttpResponse run(Secret secret, Use.Request request, BiConsumer<String, String> audit) {
        String method = method(request.method());
        audit.accept("use.method", method);
        TargetUrl url = TargetUrl.parse(request.url());
        audit.accept("use.host", url.host().name());
        Duration timeout = timeout(request.timeout());
        CredentialHeader credential = CredentialHeader.of(secret, request.headerType(), request.headerName(),
                request.field());
        List<Map.Entry<String, String>> headers = new ArrayList<>(CallerHeaders.check(request.headers(),
                credential.name()));
        EgressPattern rule = egress.rulesOf(secret.id()).match(method, url).orElseThrow(() -> ArcaException.denied(
                "access denied: the egress of secret " + secret.path() + " does not allow " + method + " "
                        + url.origin() + url.path() + " (see GET …/secrets/" + secret.path() + "/egress)"));
        var allowance = rule.namesLiteral(url.host()) ? new EgressAddressResolver.Allowance(url.host().address())
                : EgressAddressResolver.Allowance.PUBLIC_ONLY;
        headers.add(Map.entry(credential.name(), credential.value()));
        UpstreamClient.Answer answer = upstream.send(new UpstreamClient.Outgoing(method, url.uri(), headers,
                request.body(), timeout, allowance));
        audit.accept("use.status", Integer.toString(answer.status()));
        return answered(answer, Redactor.of(secret, credential));
    }

    private static Use.HttpResponse answered(UpstreamClient.Answer answer, Redactor redactor) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        for (var header : answer.headers()) {
            String name = names.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT),
                    lower -> redactor.text(header.getKey()));
            headers.merge(name, redactor.text(header.getValue()), (first, more) -> first + ", " + more);
        }
        byte[] body = redactor.bytes(answer.body());
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
            return new Use.HttpResponse(answer.status(), headers, text, "utf8");
        } catch (CharacterCodingException notText) {
            return new Use.HttpResponse(answer.status(), headers, Base64.getEncoder().encodeToString(body), "base64");
        }
    }

    private static String method(@Nullable String method) {
        if (method == null) {
            return "GET";
        }
        if (!EgressRules.METHODS.contains(method)) {
            throw ArcaException.invalid("method", "method must be GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS");
        }
        return method;
    }

    private static Duration timeout(@Nullable String text) {
        if (text == null) {
            return DEFAULT_TIMEOUT;
        }
        Duration timeout;
        try {
            timeout = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw ArcaException.invalid("timeout", e.getMessage());
        }
        if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw ArcaException.invalid("timeout", "timeout must be more than 0 and at most 60s");
        }
        return timeout;
    }
}
