package dev.arca.bench;

import dev.arca.sdk.RequestSigner;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The scenarios that are one or two kinds of request against the seeded fixture. */
final class RequestScenarios {
    /** In {@code mixed}, one request in ten is a write. */
    private static final int WRITE_ONE_IN = 10;
    private static final String HEALTH = "/v1/sys/health";

    private RequestScenarios() {}

    static Scenario baseline() {
        return new LoadScenario("baseline", "GET /v1/sys/health, no credentials: the HTTP floor of this server",
                (fixture, settings) -> {
                    HttpRequest health = fixture.http().request(HEALTH).GET().build();
                    return client -> fixture.http().send(health);
                }, (fixture, settings) -> WrkRequests.get(HEALTH));
    }

    static Scenario readToken() {
        return new LoadScenario("read-token", "read one 200-byte secret of --secrets (10,000) with a bearer token",
                (fixture, settings) -> {
                    List<HttpRequest> reads = tokenReads(fixture);
                    return client -> fixture.http().send(pick(reads));
                }, (fixture, settings) -> WrkRequests.get(bearer(fixture), fixture.readPaths()));
    }

    static Scenario readSigned() {
        return new LoadScenario("read-signed", "the same reads signed by an enrolled machine (Ed25519 per request; "
                + "Java clients only: a wrk script cannot sign)",
                (fixture, settings) -> {
                    List<String> paths = fixture.readPaths();
                    RequestSigner signer = fixture.signer();
                    return client -> {
                        String path = pick(paths);
                        var request = fixture.http().request(path).GET();
                        signer.sign("GET", path, null).forEach(request::header);
                        return fixture.http().send(request.build());
                    };
                });
    }

    static Scenario write() {
        return new LoadScenario("write", "a new version of one of the seeded secrets (durable: committed and "
                + "audited before the answer)", (fixture, settings) -> {
                    List<String> paths = fixture.readPaths();
                    String token = fixture.appToken();
                    return client -> fixture.http().send(write(fixture, pick(paths), token));
                }, (fixture, settings) -> WrkRequests.write(bearer(fixture), fixture.readPaths()));
    }

    static Scenario mixed() {
        return new LoadScenario("mixed", "90% read-token, 10% write on the same secrets", (fixture, settings) -> {
            List<HttpRequest> reads = tokenReads(fixture);
            List<String> paths = fixture.readPaths();
            String token = fixture.appToken();
            return client -> ThreadLocalRandom.current().nextInt(WRITE_ONE_IN) == 0
                    ? fixture.http().send(write(fixture, pick(paths), token))
                    : fixture.http().send(pick(reads));
        }, (fixture, settings) -> WrkRequests.mixed(bearer(fixture), fixture.readPaths(), WRITE_ONE_IN));
    }

    static Scenario export() {
        return new LoadScenario("export", "GET …/export?project=export: a project of 200 secrets, each "
                + "authorized and decrypted", (fixture, settings) -> {
                    fixture.exportProject();
                    HttpRequest export = fixture.http().request(exportPath(fixture))
                            .header("Authorization", bearer(fixture)).GET().build();
                    return client -> fixture.http().send(export);
                }, (fixture, settings) -> {
                    fixture.exportProject();
                    return WrkRequests.get(bearer(fixture), List.of(exportPath(fixture)));
                });
    }

    private static String exportPath(Fixture fixture) {
        return "/v1/vaults/" + fixture.vault() + "/export?project=" + Fixture.EXPORT_PROJECT;
    }

    /** The {@code Authorization} header's value for the fixture's non-root token. */
    private static String bearer(Fixture fixture) {
        return "Bearer " + fixture.appToken();
    }

    /** One prepared read per seeded secret (an {@link HttpRequest} is immutable and can be sent again). */
    private static List<HttpRequest> tokenReads(Fixture fixture) throws InterruptedException {
        String authorization = bearer(fixture);
        return fixture.readPaths().stream()
                .map(path -> fixture.http().request(path).header("Authorization", authorization).GET().build())
                .toList();
    }

    private static HttpRequest write(Fixture fixture, String path, String token) {
        return fixture.http().request(path).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Fixture.valueBody(ThreadLocalRandom.current()))).build();
    }

    private static <T> T pick(List<T> items) {
        return items.get(ThreadLocalRandom.current().nextInt(items.size()));
    }
}
