package dev.arca.server.frontend.http;

import dev.arca.server.pipeline.Exchange;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One HTTP request as the pipeline reads it: a view over Javalin's context. */
final class JavalinExchange implements Exchange {
    private final Context ctx;

    JavalinExchange(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public String method() {
        return ctx.method().name();
    }

    @Override
    public String path() {
        return ctx.path();
    }

    @Override
    public String rawTarget() {
        String query = ctx.req().getQueryString();
        return ctx.req().getRequestURI() + (query == null ? "" : "?" + query);
    }

    @Override
    public String pathParam(String name) {
        return ctx.pathParam(name);
    }

    @Override
    public Optional<String> query(String name) {
        return Optional.ofNullable(ctx.queryParam(name));
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(ctx.header(name));
    }

    @Override
    public Map<String, String> headers() {
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), ctx.req().getHeader(name));
        }
        return headers;
    }

    @Override
    public long declaredLength() {
        return ctx.req().getContentLengthLong();
    }

    @Override
    public InputStream body() throws IOException {
        return ctx.req().getInputStream();
    }

    @Override
    public String sourceIp() {
        return ctx.ip();
    }

    @Override
    public Optional<String> transport() {
        return Optional.ofNullable(ctx.req().getAttribute(UnixSocketConnector.TRANSPORT_ATTRIBUTE)).map(String::valueOf);
    }
}
