package dev.arca.server.http;

/** What a handler answers: a status and a body (a wire record serialised as JSON, or text). */
public record Reply(int status, Object body, String contentType) {
    public static Reply ok(Object body) {
        return new Reply(200, body, "application/json");
    }

    public static Reply created(Object body) {
        return new Reply(201, body, "application/json");
    }

    public static Reply noContent() {
        return new Reply(204, null, null);
    }

    public static Reply text(int status, String body, String contentType) {
        return new Reply(status, body, contentType);
    }

    public static Reply json(int status, Object body) {
        return new Reply(status, body, "application/json");
    }
}
